package dev.channels.cdi.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.cdi.ChannelsConfiguration;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.server.ChannelsSetting;
import dev.channels.server.ServerOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every server setting ({@link ChannelsSetting}) has each of its surfaces: a {@link ServerOptions.Builder}
 * method, the {@link ChannelsConfiguration} method of the same name and parameters, a {@code channels.*}
 * name the CDI server really reads (a system property, through the same lookup as MicroProfile Config),
 * and a row in the README's settings table with its default. A new setting without one of them fails here.
 */
class SettingsCatalogueTest {

    /**
     * A value other than the default for each setting, in its text form, and the text form the server
     * reports back (normalised); together they make a valid configuration.
     */
    private static final Map<ChannelsSetting, String[]> SAMPLES = new EnumMap<>(Map.ofEntries(
            Map.entry(ChannelsSetting.BASE_PATH, new String[] {"chat/", "/chat"}),
            Map.entry(ChannelsSetting.MAX_MESSAGE_SIZE, new String[] {"10000", "10000"}),
            Map.entry(ChannelsSetting.MAX_CHANNEL_ID_LENGTH, new String[] {"64", "64"}),
            Map.entry(ChannelsSetting.PING_PERIOD, new String[] {"20", "PT20S"}),
            Map.entry(ChannelsSetting.PONG_WAIT, new String[] {"PT30S", "PT30S"}),
            Map.entry(ChannelsSetting.WRITE_TIMEOUT, new String[] {"PT15S", "PT15S"}),
            Map.entry(ChannelsSetting.MAX_QUEUED_FRAMES, new String[] {"2048", "2048"}),
            Map.entry(ChannelsSetting.MAX_QUEUED_CHARS, new String[] {"1000000", "1000000"}),
            Map.entry(ChannelsSetting.OVERFLOW_POLICY, new String[] {"drop", "DROP"}),
            Map.entry(ChannelsSetting.CHANNEL_TIMEOUT, new String[] {"PT1H", "PT1H"}),
            Map.entry(ChannelsSetting.ALLOWED_ORIGINS, new String[] {"https://app.example.com", "https://app.example.com:443"}),
            Map.entry(ChannelsSetting.MAX_CONNECTIONS, new String[] {"1000", "1000"}),
            Map.entry(ChannelsSetting.MAX_CONNECTIONS_PER_CHANNEL, new String[] {"50", "50"}),
            Map.entry(ChannelsSetting.RATE_LIMIT_MESSAGES_PER_SECOND, new String[] {"20", "20"}),
            Map.entry(ChannelsSetting.RATE_LIMIT_BURST, new String[] {"40", "40"}),
            Map.entry(ChannelsSetting.RATE_LIMIT_DISCONNECT_AFTER, new String[] {"10", "10"}),
            Map.entry(ChannelsSetting.HISTORY_SIZE, new String[] {"50", "50"}),
            Map.entry(ChannelsSetting.HISTORY_TTL, new String[] {"60", "PT1M"}),
            Map.entry(ChannelsSetting.PRESENCE_EVENTS, new String[] {"true", "true"}),
            Map.entry(ChannelsSetting.PRESENCE_BATCH_INTERVAL, new String[] {"PT0.5S", "PT0.5S"}),
            Map.entry(ChannelsSetting.MAX_MEMBERS_PER_INFO, new String[] {"10", "10"}),
            Map.entry(ChannelsSetting.SESSIONS, new String[] {"false", "false"}),
            Map.entry(ChannelsSetting.MAX_CHANNELS_PER_SESSION, new String[] {"20", "20"}),
            Map.entry(ChannelsSetting.MAX_HISTORY_PER_QUERY, new String[] {"20", "20"}),
            Map.entry(ChannelsSetting.ANSWER_UNKNOWN_TYPES, new String[] {"false", "false"}),
            Map.entry(ChannelsSetting.EXPOSE_EXCEPTION_TEXT, new String[] {"true", "true"}),
            Map.entry(ChannelsSetting.ENGINE_URI, new String[] {"recording://settings-test", "recording://settings-test"}),
            Map.entry(ChannelsSetting.DRAIN_WINDOW, new String[] {"3", "PT3S"}),
            Map.entry(ChannelsSetting.HANDLER_WORKERS, new String[] {"platform", "PLATFORM"}),
            Map.entry(ChannelsSetting.HANDLER_POOL_SIZE, new String[] {"8", "8"}),
            Map.entry(ChannelsSetting.HANDLER_LANE_CAPACITY, new String[] {"16", "16"})));

    @Test
    void everySettingHasABuilderMethodAChannelsConfigurationMethodAndAReadmeRow() throws IOException {
        String readme = Files.readString(readme());
        SoftAssertions softly = new SoftAssertions();
        for (ChannelsSetting setting : ChannelsSetting.values()) {
            List<Method> builder = publicMethods(ServerOptions.Builder.class, setting.builderMethod());
            softly.assertThat(builder).as("%s: ServerOptions.Builder.%s(...)", setting.key(), setting.builderMethod()).isNotEmpty();
            for (Method m : builder) {
                softly.assertThat(methodLike(ChannelsConfiguration.class, m))
                        .as("%s: ChannelsConfiguration.%s%s", setting.key(), m.getName(), Arrays.toString(m.getParameterTypes()))
                        .isTrue();
            }
            softly.assertThat(setting.key()).as("name").startsWith("channels.");
            Pattern row = Pattern.compile("(?m)^\\|\\s*`" + Pattern.quote(setting.key()) + "`\\s*\\|.*`"
                    + Pattern.quote(setting.defaultValue()) + "`.*\\|\\s*$");
            softly.assertThat(row.matcher(readme).find())
                    .as("README.md: a settings table row | `%s` | ... `%s` ... |", setting.key(), setting.defaultValue()).isTrue();
            softly.assertThat(SAMPLES).as("a sample value for %s in this test", setting.key()).containsKey(setting);
        }
        softly.assertAll();
    }

    @Test
    void everySettingIsReadFromItsSystemPropertyByTheCdiServer() {
        SAMPLES.forEach((setting, sample) -> System.setProperty(setting.key(), sample[0]));
        RecordingEngineFactory.MADE_FOR.clear();
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().start()) {
            ServerOptions options = channels.server().options();
            SoftAssertions softly = new SoftAssertions();
            for (ChannelsSetting setting : ChannelsSetting.values()) {
                softly.assertThat(setting.defaultValue()).as("%s: the sample is not the default", setting.key())
                        .isNotEqualTo(SAMPLES.get(setting)[1]);
                softly.assertThat(setting.valueIn(options)).as(setting.key()).isEqualTo(SAMPLES.get(setting)[1]);
            }
            softly.assertAll();
            assertThat(RecordingEngineFactory.MADE_FOR).as("the engine was made from channels.engine.uri")
                    .containsExactly(URI.create("recording://settings-test"));
            assertThat(channels.channelUri("room").getPath()).isEqualTo("/chat/room");
        } finally {
            SAMPLES.keySet().forEach(setting -> System.clearProperty(setting.key()));
        }
    }

    private static List<Method> publicMethods(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())).toList();
    }

    private static boolean methodLike(Class<?> type, Method like) {
        try {
            Method m = type.getMethod(like.getName(), like.getParameterTypes());
            return m.getReturnType() == type;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The repository's README.md: found upwards from the module's directory (Maven runs tests there). */
    static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("README.md");
            if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no README.md beside mvnw above " + Path.of("").toAbsolutePath());
    }
}
