package dev.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.TestBodies.Bodytest;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ErrorMessage}, {@link ErrorDetail}, {@link Message#toError}: the seed's tests ported, and more. */
class ErrorMessageTest {

    private static final Bodytest VIKING = new Bodytest("viking wizard eyes", 182, true);

    /** The seed's error-struct example. */
    public record CodeReason(String code, String reason) {
    }

    // ---- ported from the seed's TestMessage_ToError ----

    @Test
    void nilErrBodyShouldReturnCorrectly() {
        Message msg = Message.create("test", "channelID").withClientId("clientID");

        ErrorMessage e = msg.toError(null);

        assertThat(e).isEqualTo(new ErrorMessage("", "", "", "test", JsonValue.NULL, JsonValue.NULL,
                "channelID", "clientID", Map.of()));
        assertThat(e.type()).isEqualTo(MessageTypes.ERROR);
    }

    @Test
    void messageWithBodyShouldHaveBodyCopiedToOriginBody() {
        Message msg = Message.create("test", "channelID").withClientId("clientID").withBody(VIKING);

        ErrorMessage e = msg.toError(null);

        assertThat(e.originBody()).isEqualTo(msg.body());
        assertThat(e.originType()).isEqualTo("test");
        assertThat(e.errorBody()).isEqualTo(JsonValue.NULL);
        assertThat(e.bindOriginBody(Bodytest.class)).isEqualTo(VIKING);
    }

    @Test
    void messageWithBodyAndAnErrorStructShouldCopyCorrectly() {
        Message msg = Message.create("test", "channelID").withClientId("clientID").withBody(VIKING);

        ErrorMessage e = msg.toError(new CodeReason("abc123", "big failure"));

        assertThat(e).isEqualTo(new ErrorMessage("", "", "", "test", msg.body(),
                Json.createObjectBuilder().add("code", "abc123").add("reason", "big failure").build(),
                "channelID", "clientID", Map.of()));
        assertThat(e.bind(CodeReason.class)).isEqualTo(new CodeReason("abc123", "big failure"));
    }

    @Test
    void toErrorCopiesEveryConversationField() {
        Message msg = Message.create("t", "c").withClientId("x").withCorrelationId("r").withAppId("a")
                .withUserId("u").withHeader("H", "v");

        ErrorMessage e = msg.toError(ErrorDetail.badRequest("bad"));

        assertThat(e.correlationId()).isEqualTo("r");
        assertThat(e.appId()).isEqualTo("a");
        assertThat(e.userId()).isEqualTo("u");
        assertThat(e.channelId()).isEqualTo("c");
        assertThat(e.clientId()).isEqualTo("x");
        assertThat(e.headers()).isEqualTo(Map.of("H", List.of("v")));
        assertThat(e.errorBody()).isEqualTo(Json.createObjectBuilder()
                .add("title", "bad request").add("description", "bad").add("errCode", "400").build());
    }

    // ---- ported from the seed's TestErrorMessage_Bind ----

    @Test
    void errorBodyBindsToErrorDetail() {
        ErrorMessage e = errorWithBody("{\"title\":\"my error\",\"description\":\"a failure occurred\",\"errCode\":\"abc\"}");

        assertThat(e.bind(ErrorDetail.class)).isEqualTo(new ErrorDetail("my error", "a failure occurred", "abc"));
    }

    @Test
    void emptyErrorBodyHasNoDetailAndBindingFailsClearly() {
        ErrorMessage e = new ErrorMessage(null, null, null, null, null, null, null, null, null);

        assertThat(e.detail()).isEmpty();
        assertThatThrownBy(() -> e.bind(ErrorDetail.class)).isInstanceOf(BodyBindException.class);
        assertThatThrownBy(() -> e.bind(CodeReason.class)).isInstanceOf(BodyBindException.class)
                .hasMessageContaining("error body").hasMessageContaining("empty");
    }

    @Test
    void guffErrorBodyJsonShouldError() {
        String frame = "{\"type\":\"error\",\"errorBody\":{\"title\":}}";

        assertThatThrownBy(() -> EnvelopeCodec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .extracting(t -> ((MalformedFrameException) t).rawText()).isEqualTo(frame);
    }

    @Test
    void errorBodyOfTheWrongShapeFailsToBind() {
        ErrorMessage e = errorWithBody("[\"not\",\"a\",\"detail\"]");

        assertThatThrownBy(() -> e.bind(ErrorDetail.class)).isInstanceOf(BodyBindException.class)
                .hasMessageContaining("not an object");
        assertThat(e.detail()).isEmpty();
    }

    // ---- ported from the seed's TestErrorMessage_BindOriginBody ----

    @Test
    void originBodyBinds() {
        ErrorMessage e = new ErrorMessage(null, null, null, "test",
                Json.createObjectBuilder().add("test", "viking wizard eyes").add("my", 182).add("othertest", true).build(),
                null, null, null, null);

        assertThat(e.bindOriginBody(Bodytest.class)).isEqualTo(VIKING);
    }

    @Test
    void emptyOriginBodyFailsClearly() {
        ErrorMessage e = new ErrorMessage(null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> e.bindOriginBody(Bodytest.class)).isInstanceOf(BodyBindException.class)
                .hasMessageContaining("origin body");
    }

    @Test
    void guffOriginBodyJsonShouldError() {
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"type\":\"error\",\"originBody\":{\"title\":}}"))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void bodiesBindToGenericTypes() {
        Type listOfBodytest = new ArrayList<Bodytest>() { }.getClass().getGenericSuperclass();
        Type mapOfInts = new HashMap<String, Integer>() { }.getClass().getGenericSuperclass();
        Message msg = Message.create("t").withBody(List.of(VIKING, new Bodytest("b", 2, false)));

        ErrorMessage e = msg.toError(Map.of("a", 1, "b", 2));

        List<Bodytest> origin = e.bindOriginBody(listOfBodytest);
        Map<String, Integer> error = e.bind(mapOfInts);
        assertThat(origin).containsExactly(VIKING, new Bodytest("b", 2, false));
        assertThat(error).isEqualTo(Map.of("a", 1, "b", 2));
    }

    // ---- error detail keys in any letter case ----

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Title\":\"T\",\"Description\":\"D\",\"ErrCode\":\"500\"}",
        "{\"title\":\"T\",\"description\":\"D\",\"errCode\":\"500\"}",
        "{\"TITLE\":\"T\",\"DESCRIPTION\":\"D\",\"ERRCODE\":\"500\"}",
        "{\"tItLe\":\"T\",\"description\":\"D\",\"errcode\":\"500\",\"other\":\"ignored\"}",
        "{\"Title\":\"T\",\"Description\":\"D\",\"ErrCode\":500}"})
    void errorDetailKeysAreReadInAnyLetterCase(String json) {
        ErrorMessage e = errorWithBody(json);
        ErrorDetail expected = new ErrorDetail("T", "D", "500");

        assertThat(e.detail()).contains(expected);
        assertThat(e.bind(ErrorDetail.class)).isEqualTo(expected);
        assertThat((ErrorDetail) e.bind((Type) ErrorDetail.class)).isEqualTo(expected);
        assertThat(ErrorDetail.fromJson(e.errorBody())).contains(expected);
    }

    @Test
    void errorDetailMissingOrNullKeysAreEmpty() {
        assertThat(ErrorDetail.fromJson(Json.createObjectBuilder().add("Title", "T").addNull("ErrCode").build()))
                .contains(new ErrorDetail("T", "", ""));
        assertThat(ErrorDetail.fromJson(JsonValue.NULL)).isEmpty();
        assertThat(ErrorDetail.fromJson(null)).isEmpty();
        assertThat(ErrorDetail.fromJson(Json.createValue("500"))).isEmpty();
    }

    @Test
    void errorDetailIsWrittenInLowerCamelCase() {
        assertThat(new ErrorDetail("t", "d", "1").toJson().keySet()).containsExactly("title", "description", "errCode");
        assertThat(new ErrorDetail(null, null, null)).isEqualTo(new ErrorDetail("", "", ""));
        assertThat(ErrorDetail.unexpected("x")).isEqualTo(new ErrorDetail("unexpected server error", "x", "500"));
        assertThat(ErrorDetail.badRequest("y")).isEqualTo(new ErrorDetail("bad request", "y", "400"));
    }

    @Test
    void errorMessageHeadersAreCopiedAndUnmodifiable() {
        Map<String, List<String>> headers = new HashMap<>(Map.of("H", new ArrayList<>(List.of("v"))));
        ErrorMessage e = new ErrorMessage(null, null, null, null, null, null, null, null, headers);
        headers.get("H").add("w");

        assertThat(e.headers()).isEqualTo(Map.of("H", List.of("v")));
        assertThatThrownBy(() -> e.headers().put("X", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- ErrorReplyException and ServerErrorHandler.DEFAULT ----

    @Test
    void defaultServerErrorHandlerSendsAGeneric500WithoutTheExceptionText() {
        Message msg = Message.create("do.it", "c1").withClientId("x").withCorrelationId("r").withBody(VIKING);

        ErrorMessage e = ServerErrorHandler.DEFAULT.handle(msg, new IllegalStateException("database is down"), "id-1");

        ErrorDetail detail = e.detail().orElseThrow();
        assertThat(detail.errCode()).isEqualTo("500");
        assertThat(detail.title()).isEqualTo("unexpected server error");
        assertThat(detail.description()).doesNotContain("database").contains("do.it").contains("id-1");
        assertThat(e.originType()).isEqualTo("do.it");
        assertThat(e.originBody()).isEqualTo(msg.body());
        assertThat(e.clientId()).isEqualTo("x");
        assertThat(e.channelId()).isEqualTo("c1");
        assertThat(e.correlationId()).isEqualTo("r");
    }

    @Test
    void withExceptionTextSendsTheExceptionMessageAsTheSeedDoes() {
        Message msg = Message.create("do.it", "c1");

        ErrorMessage e = ServerErrorHandler.WITH_EXCEPTION_TEXT.handle(msg, new IllegalStateException("database is down"));

        assertThat(e.detail()).contains(new ErrorDetail("unexpected server error", "database is down", "500"));
    }

    @Test
    void withExceptionTextNamesTheExceptionWhenItHasNoMessage() {
        ErrorMessage e = ServerErrorHandler.WITH_EXCEPTION_TEXT.handle(Message.create("t"), new NullPointerException());

        assertThat(e.detail().map(ErrorDetail::description)).contains("java.lang.NullPointerException");
        assertThat(e.detail().map(ErrorDetail::errCode)).contains("500");
    }

    @Test
    void aBodyThatFailsToBindIsABadRequestNotAServerError() {
        Message msg = Message.create("chat").withRawBody("{\"count\":\"not a number\"}");
        BodyBindException bind = org.assertj.core.api.Assertions.catchThrowableOfType(BodyBindException.class,
                () -> msg.bind(TestBodies.Foo.class));
        assertThat(bind).isNotNull();

        for (ServerErrorHandler handler : List.of(ServerErrorHandler.DEFAULT, ServerErrorHandler.WITH_EXCEPTION_TEXT)) {
            ErrorDetail detail = handler.handle(msg, bind, "id-2").detail().orElseThrow();
            assertThat(detail.errCode()).as(handler.toString()).isEqualTo("400");

        }
        assertThat(ServerErrorHandler.DEFAULT.handle(msg, bind, "id-2").detail().orElseThrow().description())
                .contains("'chat'").contains("id-2").doesNotContain("TestBodies");
    }

    @Test
    void defaultServerErrorHandlerPassesAnErrorReplyDetailThrough() {
        ErrorDetail detail = new ErrorDetail("forbidden", "not your channel", "403");

        ErrorMessage e = ServerErrorHandler.DEFAULT.handle(Message.create("t"),
                new ErrorReplyException(detail, new RuntimeException("cause")));

        assertThat(e.detail()).contains(detail);
    }

    @Test
    void errorReplyExceptionCarriesItsDetail() {
        ErrorDetail detail = new ErrorDetail("conflict", "already there", "409");
        RuntimeException cause = new RuntimeException("root");

        ErrorReplyException e = new ErrorReplyException(detail, cause);

        assertThat(e.detail()).isEqualTo(detail);
        assertThat(e).hasMessage("conflict: already there").hasCause(cause);
        assertThat(new ErrorReplyException(detail).getCause()).isNull();
        assertThatThrownBy(() -> new ErrorReplyException(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aServerErrorHandlerMaySendNothing() {
        ServerErrorHandler silent = (msg, error) -> null;

        assertThat(Optional.ofNullable(silent.handle(Message.create("t"), new Exception()))).isEmpty();
    }

    private static ErrorMessage errorWithBody(String json) {
        return new ErrorMessage(null, null, null, "t", null,
                Json.createReader(new java.io.StringReader(json)).readValue(), null, null, null);
    }
}
