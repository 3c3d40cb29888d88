package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static dev.channels.server.ServerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.ServerErrorHandler;
import dev.channels.testkit.RawFrameClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What a client is told when its message cannot be handled, over real sockets: an unknown type, a
 * body that does not bind, a throwing handler; and channel ids that are path segments.
 */
class ClearAnswersTest {

    /** A body a handler binds. */
    public record Line(String text, int n) {
    }

    @AutoClose // after each test: the server and the clients it connected
    private ServerFixture fx;

    private ChannelServer.Builder app() {
        return ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .directHandler("line", (ctx, msg) -> Optional.of(msg.newFrom("line").withBody(msg.bind(Line.class))))
                .directHandler("boom", (ctx, msg) -> {
                    throw new IllegalStateException("password=hunter2 in table secret_users");
                });
    }

    @Test
    void anUnknownTypeGetsA404NamingTheType() throws Exception {
        fx = new ServerFixture(app());
        ServerFixture.Joined a = fx.join("answers");
        a.client().send(request("no.such.type", "answers", "{\"x\":1}"));
        ErrorMessage e = error(a.client().next(Duration.ofSeconds(10)));
        assertThat(e.detail()).contains(new ErrorDetail("not found", "no handler for type no.such.type", "404"));
        assertThat(e.originType()).isEqualTo("no.such.type");
        assertThat(e.originBody().toString()).isEqualTo("{\"x\":1}");
        assertThat(e.clientId()).isEqualTo(a.clientId());
        assertThat(fx.server.stats().unknownTypes()).isEqualTo(1);
    }

    @Test
    void anOptionRestoresTheSeedsSilenceForUnknownTypes() throws Exception {
        fx = new ServerFixture(app().options(ServerOptions.builder().answerUnknownTypes(false).build()));
        ServerFixture.Joined a = fx.join("silent");
        a.client().send(request("no.such.type", "silent", "1"));
        a.client().send(request("echo", "silent", "2"));
        assertThat(message(a.client().next(Duration.ofSeconds(10))).type()).isEqualTo("echo"); // nothing before it
        assertThat(fx.server.stats().unknownTypes()).isEqualTo(1);
    }

    @Test
    void aBodyThatDoesNotBindIsA400NotAServerError() throws Exception {
        fx = new ServerFixture(app());
        ServerFixture.Joined a = fx.join("bind");
        a.client().send(request("line", "bind", "{\"text\":\"hi\",\"n\":\"not a number\"}"));
        ErrorMessage e = error(a.client().next(Duration.ofSeconds(10)));
        ErrorDetail detail = e.detail().orElseThrow();
        assertThat(detail.errCode()).isEqualTo("400");
        assertThat(detail.description()).contains("'line'");
        assertThat(e.headers().get(ChannelHeaders.ERROR_ID)).singleElement().asString().isNotBlank();
        a.client().send(request("line", "bind", "{\"text\":\"hi\",\"n\":2}"));
        assertThat(message(a.client().next(Duration.ofSeconds(10))).rawBody()).contains("\"n\":2");
    }

    @Test
    void aThrowingHandlersTextStaysInTheLogUnderTheIdTheErrorCarries() throws Exception {
        fx = new ServerFixture(app());
        ServerFixture.Joined a = fx.join("secret");
        a.client().send(request("boom", "secret", "null"));
        String frame = a.client().next(Duration.ofSeconds(10));
        assertThat(frame).doesNotContain("hunter2").doesNotContain("secret_users").doesNotContain("IllegalState");
        ErrorMessage e = error(frame);
        ErrorDetail detail = e.detail().orElseThrow();
        assertThat(detail.errCode()).isEqualTo("500");
        String id = e.headers().get(ChannelHeaders.ERROR_ID).get(0);
        assertThat(detail.description()).contains(id);
        assertThat(fx.server.stats().handlerFailures()).isEqualTo(1);
    }

    @Test
    void anOptionSendsTheExceptionTextAsTheSeedDoes() throws Exception {
        fx = new ServerFixture(app().errorHandler(ServerErrorHandler.WITH_EXCEPTION_TEXT));
        ServerFixture.Joined a = fx.join("dev");
        a.client().send(request("boom", "dev", "null"));
        ErrorDetail detail = error(a.client().next(Duration.ofSeconds(10))).detail().orElseThrow();
        assertThat(detail.description()).contains("hunter2");
        assertThat(detail.errCode()).isEqualTo("500");
    }

    @Test
    void dotAndDotDotAreRefusedAsChannelIds() throws Exception {
        fx = new ServerFixture(app());
        for (String id : new String[] {".", ".."}) {
            if ("jetty".equals(dev.channels.testing.TestRunner.current().name())) {
                // Jetty normalises the path before any endpoint sees it: refused before the upgrade
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawFrameClient.connect(fx.running.port(), "/ws/" + id))
                        .as(id).isInstanceOf(java.io.IOException.class).hasMessageContaining("404");
                continue;
            }
            try (RawFrameClient raw = RawFrameClient.connect(fx.running.port(), "/ws/" + id)) {
                assertThat(raw.awaitClose()).as(id).isEqualTo(1008);
            }
        }
        assertThat(fx.server.connectionCount()).isZero();
        assertThat(fx.server.channels()).isEmpty();
        ServerFixture.Joined ok = fx.join("a.b..c"); // dots inside an id are fine
        assertThat(ok.joinSuccess().channelId()).isEqualTo("a.b..c");
    }
}
