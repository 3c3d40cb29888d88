package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every sample frame in docs/protocol.md and the README is a frame the codec reads as what it
 * claims to be, and a full message sample is exactly what the codec writes back: the documents a
 * peer in another language reads cannot drift from the code.
 */
class ProtocolDocSamplesTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void everySampleFrameOfTheProtocolDocDecodesAsTheTypeItNames() throws IOException {
        List<String> frames = samples(Path.of("..", "docs", "protocol.md"));

        assertThat(frames).hasSizeGreaterThanOrEqualTo(10);
        for (String frame : frames) {
            checkSample(frame);
        }
    }

    @Test
    void theReadmesTwoSampleFramesDecodeToo() throws IOException {
        List<String> frames = samples(Path.of("..", "README.md"));

        assertThat(frames).hasSize(2);
        frames.forEach(ProtocolDocSamplesTest::checkSample);
        assertThat(EnvelopeCodec.decode(frames.get(0))).isInstanceOf(Message.class);
        assertThat(EnvelopeCodec.decode(frames.get(1))).isInstanceOf(ErrorMessage.class);
    }

    private static void checkSample(String frame) {
        JsonObject json = Json.createReader(new StringReader(frame)).readObject();
        Envelope decoded = EnvelopeCodec.decode(frame);
        assertThat(decoded.type()).as(frame).isEqualTo(json.getString("type"));
        if (decoded instanceof ErrorMessage) {
            assertThat(json.getString("type")).isEqualTo("error");
        } else if (json.size() == 11) {
            assertThat(Json.createReader(new StringReader(EnvelopeCodec.encode(decoded))).readObject())
                    .as("re-encoded " + frame).isEqualTo(json);
        }
    }

    private static List<String> samples(Path file) throws IOException {
        Matcher m = JSON_BLOCK.matcher(Files.readString(file));
        List<String> frames = new ArrayList<>();
        while (m.find()) {
            frames.add(m.group(1).trim());
        }
        return frames;
    }
}
