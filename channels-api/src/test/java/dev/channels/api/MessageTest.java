package dev.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.TestBodies.Bodytest;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link Message}: the seed's own unit tests ({@code socket_test.go}) ported, plus immutability,
 * {@code newFrom} and {@link Request#toMessage()}.
 */
class MessageTest {

    // ---- ported from the seed's TestNewMessage ----

    @Test
    void newMessageHasTypeChannelFreshIdAndTimeAndNothingElse() {
        Instant before = Instant.now();
        Message m = Message.create("test", "channelID").withClientId("clientID");

        assertThat(m.channelId()).isEqualTo("channelID");
        assertThat(m.type()).isEqualTo("test");
        assertThat(m.clientId()).isEqualTo("clientID");
        assertThat(m.hasBody()).isFalse();
        assertThat(m.body()).isEqualTo(JsonValue.NULL);
        assertThat(m.expiration()).isEmpty();
        assertThat(m.correlationId()).isEmpty();
        assertThat(m.headers()).isEmpty();
        assertThat(m.userId()).isEmpty();
        assertThat(m.appId()).isEmpty();
        assertThat(UUID.fromString(m.id()).toString()).isEqualTo(m.id());
        assertThat(m.timestamp()).isBetween(before, Instant.now());
    }

    @Test
    void everyNewMessageGetsItsOwnId() {
        assertThat(Message.create("t").id()).isNotEqualTo(Message.create("t").id());
    }

    // ---- ported from the seed's TestMessageFrom ----

    @Test
    void newFromCopiesExactlyTheConversationFieldsAndStartsFresh() {
        Instant expiration = Instant.parse("2030-01-01T00:00:00Z");
        Message original = Message.builder()
                .id("123456").type("test").channelId("12345").clientId("124")
                .appId("my-app").userId("1234").correlationId("corr").expiration(expiration)
                .timestamp(Instant.EPOCH)
                .headers(Map.of("test", List.of("value")))
                .body(Json.createValue("original body"))
                .build();
        Instant before = Instant.now();

        Message m = original.newFrom("new-key");

        assertThat(m.type()).isEqualTo("new-key");
        assertThat(m.channelId()).isEqualTo("12345");
        assertThat(m.clientId()).isEqualTo("124");
        assertThat(m.appId()).isEqualTo("my-app");
        assertThat(m.userId()).isEqualTo("1234");
        assertThat(m.correlationId()).isEqualTo("corr");
        assertThat(m.expiration()).contains(expiration);
        assertThat(m.id()).isNotEqualTo("123456").isNotEmpty();
        assertThat(m.timestamp()).isBetween(before, Instant.now());
        assertThat(m.headers()).isEmpty();
        assertThat(m.hasBody()).isFalse();
        assertThat(original.type()).isEqualTo("test");
    }

    // ---- ported from the seed's TestMessage_Bind ----

    @Test
    void bodyBindsToAType() {
        Message m = Message.create("test").withRawBody("{\"test\":\"value\",\"my\":123,\"othertest\":true}");

        assertThat(m.bind(Bodytest.class)).isEqualTo(new Bodytest("value", 123, true));
    }

    @Test
    void bindingAnEmptyBodyFailsClearly() {
        // The seed returns nil and leaves the target untouched; we have no target to leave, so we say so.
        Message m = Message.create("test");

        assertThatThrownBy(() -> m.bind(Bodytest.class))
                .isInstanceOf(BodyBindException.class)
                .hasMessageContaining("empty").hasMessageContaining("'test'");
    }

    @Test
    void guffJsonShouldError() {
        assertThatThrownBy(() -> Message.create("test").withRawBody("{\"test value\",\"my\":123,\"othertest\":true}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Message.create("test").withRawBody("{} {}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.create("test").withRawBody(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindingToAnIncompatibleTypeFailsNamingTypeAndMessage() {
        Message m = Message.create("test").withRawBody("{\"my\":\"not a number\"}");

        assertThatThrownBy(() -> m.bind(Bodytest.class))
                .isInstanceOf(BodyBindException.class)
                .hasMessageContaining("Bodytest").hasMessageContaining("'test'")
                .hasCauseInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Message.create("t").withBody("text").bind(Integer.class))
                .isInstanceOf(BodyBindException.class);
    }

    // ---- ported from the seed's TestMessage_WithBody ----

    @Test
    void withBodySerialisesTheValue() {
        Message m = Message.create("test").withBody(new Bodytest("my test", 122334, false));

        assertThat(m.rawBody()).isEqualTo("{\"my\":122334,\"othertest\":false,\"test\":\"my test\"}");
        assertThat(m.body()).isEqualTo(Json.createObjectBuilder()
                .add("test", "my test").add("my", 122334).add("othertest", false).build());
        assertThat(m.bind(Bodytest.class)).isEqualTo(new Bodytest("my test", 122334, false));
    }

    @Test
    void withNoBodyHasJsonNull() {
        Message m = Message.create("test").withBody("x").withBody(null);

        assertThat(m.hasBody()).isFalse();
        assertThat(m.rawBody()).isEqualTo("null");
    }

    @Test
    void withBodyTakesJsonValuesAsTheyAre() {
        JsonValue raw = Json.createArrayBuilder().add(1).add("two").build();

        assertThat(Message.create("t").withBody(raw).body()).isSameAs(raw);
        assertThat(Message.create("t").withBody(Map.of("k", List.of(1, 2))).rawBody()).isEqualTo("{\"k\":[1,2]}");
        assertThat(Message.create("t").withBody(42).rawBody()).isEqualTo("42");
        assertThat(Message.create("t").withBody("s").rawBody()).isEqualTo("\"s\"");
    }

    // ---- ported from the seed's TestMessage_NoContent ----

    @Test
    void noContentIsNoReply() {
        assertThat(Message.create("test").noContent()).isEmpty();
    }

    // ---- ported from the seed's TestMessage_ToError: see ErrorMessageTest ----

    // ---- immutability ----

    @Test
    void withMethodsReturnChangedCopiesAndLeaveTheOriginal() {
        Message original = Message.create("t", "c");
        String before = original.toString();
        Instant expiration = Instant.parse("2031-02-03T04:05:06Z");

        Message changed = original.withType("u").withChannelId("d").withClientId("x").withCorrelationId("r")
                .withAppId("a").withUserId("v").withExpiration(expiration).withHeader("H", "1", "2")
                .withBody(List.of(1));

        assertThat(original.toString()).isEqualTo(before);
        assertThat(original.type()).isEqualTo("t");
        assertThat(original.channelId()).isEqualTo("c");
        assertThat(original.clientId()).isEmpty();
        assertThat(original.headers()).isEmpty();
        assertThat(original.hasBody()).isFalse();
        assertThat(changed).isNotSameAs(original).isNotEqualTo(original);
        assertThat(changed.id()).isEqualTo(original.id());
        assertThat(changed.timestamp()).isEqualTo(original.timestamp());
        assertThat(changed.type()).isEqualTo("u");
        assertThat(changed.channelId()).isEqualTo("d");
        assertThat(changed.clientId()).isEqualTo("x");
        assertThat(changed.correlationId()).isEqualTo("r");
        assertThat(changed.appId()).isEqualTo("a");
        assertThat(changed.userId()).isEqualTo("v");
        assertThat(changed.expiration()).contains(expiration);
        assertThat(changed.headers()).isEqualTo(Map.of("H", List.of("1", "2")));
        assertThat(changed.rawBody()).isEqualTo("[1]");
        assertThat(changed.withExpiration(null).expiration()).isEmpty();
    }

    @Test
    void headersAreCopiedAndUnmodifiable() {
        List<String> values = new ArrayList<>(List.of("a"));
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("H", values);
        headers.put("Null", null);

        Message m = Message.create("t").withHeaders(headers);
        values.add("b");
        headers.put("Later", List.of("x"));

        assertThat(m.headers()).isEqualTo(Map.of("H", List.of("a"), "Null", List.of()));
        assertThatThrownBy(() -> m.headers().put("X", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.headers().get("H").add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Message.create("t").headers().put("X", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withHeaderReplacesOnlyThatHeader() {
        Message m = Message.create("t").withHeader("A", "1").withHeader("B", "2").withHeader("A", "3", "4");

        assertThat(m.headers()).containsExactly(Map.entry("A", List.of("3", "4")), Map.entry("B", List.of("2")));
        assertThat(m.header("a")).contains("3");
        assertThat(m.header("C")).isEmpty();
    }

    @Test
    void builderAddsHeaderValuesAndNormalisesNulls() {
        Message m = Message.builder().addHeader("A", "1").addHeader("A", "2").addHeader("B", "3").build();

        assertThat(m.headers()).containsExactly(Map.entry("A", List.of("1", "2")), Map.entry("B", List.of("3")));
        assertThat(m.id()).isEmpty();
        assertThat(m.type()).isEmpty();
        assertThat(m.timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(m.body()).isEqualTo(JsonValue.NULL);
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
    }

    @Test
    void equalityCoversEveryField() {
        Message m = Message.create("t", "c").withBody("b").withHeader("H", "v");

        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.withBody("other")).isNotEqualTo(m);
        assertThat(m.withHeader("H", "w")).isNotEqualTo(m);
        assertThat(m.withAppId("a")).isNotEqualTo(m);
        assertThat(m.withUserId("u")).isNotEqualTo(m);
        assertThat(m.withExpiration(Instant.EPOCH)).isNotEqualTo(m);
        assertThat(m.toBuilder().timestamp(Instant.EPOCH).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().id("other").build()).isNotEqualTo(m);
    }

    @Test
    void toStringAbbreviatesLargeBodies() {
        Message m = Message.create("t").withBody("x".repeat(10_000));

        assertThat(m.toString()).contains("type=t").hasSizeLessThan(600).contains("...");
    }

    // ---- Request ----

    @Test
    void requestBecomesAFreshMessageOnItsChannel() {
        Request request = new Request("room", "chat", new Bodytest("hi", 1, true), Map.of("H", List.of("v")));

        Message m = request.toMessage();

        assertThat(m.channelId()).isEqualTo("room");
        assertThat(m.type()).isEqualTo("chat");
        assertThat(m.headers()).isEqualTo(Map.of("H", List.of("v")));
        assertThat(m.bind(Bodytest.class)).isEqualTo(new Bodytest("hi", 1, true));
        assertThat(m.id()).isNotEmpty().isNotEqualTo(request.toMessage().id());
        assertThat(m.clientId()).isEmpty();
    }

    @Test
    void requestWithoutBodyOrHeaders() {
        Request request = Request.of("room", "ping", null);

        assertThat(request.headers()).isEmpty();
        assertThat(request.toMessage().hasBody()).isFalse();
        assertThat(new Request("room", "ping", null, null).headers()).isEmpty();
    }

    @Test
    void requestNeedsChannelAndType() {
        assertThatThrownBy(() -> Request.of(null, "t", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("channelId");
        assertThatThrownBy(() -> Request.of("c", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
    }

    @Test
    void requestHeadersAreCopied() {
        Map<String, List<String>> headers = new HashMap<>(Map.of("A", List.of("1")));
        Request request = new Request("c", "t", null, headers);
        headers.put("B", List.of("2"));

        assertThat(request.headers()).containsOnlyKeys("A");
        assertThatThrownBy(() -> request.headers().put("C", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- reserved types and headers ----

    @Test
    void reservedTypesAreTheProtocolsOwn() {
        assertThat(List.of("join.success", "leave.success", "get.info", "info", "get.history", "history", "error", "channel.expired",
                "channel.closed")).allMatch(MessageTypes::isReserved);
        assertThat(MessageTypes.isReserved("chat")).isFalse();
        assertThat(MessageTypes.isReserved("Error")).isFalse();
        assertThat(ChannelHeaders.CHANNEL_EXPIRES).isEqualTo("X-Channel-Expires");
    }

    @Test
    void channelNotFoundNamesTheChannel() {
        ChannelNotFoundException e = new ChannelNotFoundException("room-9");

        assertThat(e.channelId()).isEqualTo("room-9");
        assertThat(e).hasMessageContaining("channel not found").hasMessageContaining("room-9");
    }
}
