package dev.channels.it.support;

import dev.channels.it.app.ChannelsResource;
import dev.channels.it.app.RoomHandlers;
import dev.channels.it.app.StampingInterceptor;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SampleDeploymentTest {

    private final WebArchive war = SampleDeployment.inMemory();

    @Test
    void containsTheSampleApplicationBeansXmlAndTheBasePath() throws IOException {
        assertThat(war.getName()).isEqualTo(SampleDeployment.WAR_NAME);
        for (Class<?> type : List.of(RoomHandlers.class, StampingInterceptor.class, ChannelsResource.class)) {
            assertThat(war.contains("WEB-INF/classes/" + type.getName().replace('.', '/') + ".class"))
                    .as(type.getName()).isTrue();
        }
        assertThat(war.contains("WEB-INF/beans.xml")).isTrue();
        assertThat(text(war.get("WEB-INF/web.xml")))
                .contains("<param-name>channels.base-path</param-name>")
                .contains("<param-value>/" + SampleDeployment.BASE_PATH + "</param-value>");
    }

    @Test
    void webInfLibHoldsExactlyTheThreeChannelsJarsAndTheWebJar() {
        assertThat(libraries()).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-api"))
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-server"))
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-cdi"))
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-js"));
    }

    @Test
    void theChannelsJsWebJarHoldsTheClientUnderItsVersion() {
        JavaArchive js = war.getAsType(JavaArchive.class, libraries().stream()
                .filter(p -> p.startsWith("/WEB-INF/lib/channels-js")).findFirst().orElseThrow());
        String version = LibraryArchives.webJarVersion(js, SampleDeployment.CHANNELS_JS);
        assertThat(version).isNotBlank().doesNotContain("/");
        assertThat(js.contains("META-INF/resources/webjars/channels-js/" + version + "/index.js")).isTrue();
    }

    @Test
    void channelsCdiJarCarriesTheServletInitializerAndTheExtension() throws IOException {
        JavaArchive cdi = war.getAsType(JavaArchive.class, libraries().stream()
                .filter(p -> p.startsWith("/WEB-INF/lib/channels-cdi")).findFirst().orElseThrow());

        assertThat(text(cdi.get("META-INF/services/jakarta.servlet.ServletContainerInitializer")))
                .contains("dev.channels.cdi.web.ChannelsServletInitializer");
        assertThat(text(cdi.get("META-INF/services/jakarta.enterprise.inject.spi.Extension")))
                .contains("dev.channels.cdi.ChannelsExtension");
    }

    @Test
    void leavesTheServersApisJsonbWebSocketAndCdiImplementationsOut() {
        List<String> paths = war.getContent().keySet().stream().map(ArchivePath::get).collect(Collectors.toList());
        for (String library : libraries()) {
            war.getAsType(JavaArchive.class, library).getContent().keySet()
                    .forEach(p -> paths.add(library + "!" + p.get()));
        }

        assertThat(paths).isNotEmpty().noneMatch(p -> p.contains("/jakarta/") || p.contains("/org/glassfish/")
                || p.contains("/org/jboss/weld/") || p.contains("/org/eclipse/yasson/")
                || p.contains("/org/eclipse/parsson/"));
        assertThat(libraries()).noneMatch(p -> p.matches(".*/(tyrus|grizzly|yasson|parsson|weld|jakarta)[-.].*"));
        assertThat(paths).noneMatch(p -> p.contains("dev/channels/it/support/"));
    }

    @Test
    void withoutTheSuiteRedisTheDeploymentIsOnTheInMemoryEngine() {
        assertThat(SuiteRedis.uri()).isEmpty();
        WebArchive created = SampleDeployment.create();
        assertThat(libraries(created)).hasSize(4);
        assertThat(created.contains("WEB-INF/classes/" + SampleDeployment.MICROPROFILE_CONFIG)).isFalse();
        assertThat(created.contains("WEB-INF/glassfish-web.xml")).isFalse();
    }

    @Test
    void onRedisTheWarCarriesChannelsRedisLettuceNettyAndReactorAndTheSettings() throws IOException {
        WebArchive redis = SampleDeployment.onRedis("redis://127.0.0.1:6399");

        assertThat(text(redis.get("WEB-INF/classes/" + SampleDeployment.MICROPROFILE_CONFIG)))
                .contains("channels.engine.uri=redis://127.0.0.1:6399?nodeId=" + SampleDeployment.REDIS_NODE_ID + "\n");
        assertThat(text(redis.get("WEB-INF/glassfish-web.xml"))).as("Payara: the WAR's Reactor, not the server's")
                .contains("<class-loader delegate=\"false\"/>");
        List<String> libs = libraries(redis);
        for (String jar : List.of("channels-api", "channels-server", "channels-cdi", "channels-redis", "lettuce-core-",
                "netty-common-", "netty-buffer-", "netty-transport-", "netty-handler-", "netty-resolver-", "netty-resolver-dns-",
                "netty-codec-dns-", "reactor-core-", "reactive-streams-")) {
            assertThat(libs).as(jar).anyMatch(p -> p.startsWith("/WEB-INF/lib/" + jar));
        }
        assertThat(libs).as("one Netty version")
                .filteredOn(p -> p.startsWith("/WEB-INF/lib/netty-"))
                .extracting(p -> p.replaceAll(".*-(\\d+\\.\\d+\\.\\d+\\.[A-Za-z]+).*", "$1"))
                .hasSizeGreaterThanOrEqualTo(8).containsOnly(io.netty.util.Version.identify().get("netty-common").artifactVersion());
        assertThat(libs).noneMatch(p -> p.matches(".*/(tyrus|grizzly|yasson|parsson|weld|jakarta|arquillian|shrinkwrap|junit)[-.].*"));
    }

    private List<String> libraries() {
        return libraries(war);
    }

    private static List<String> libraries(WebArchive war) {
        return war.getContent().keySet().stream()
                .map(ArchivePath::get)
                .filter(p -> p.startsWith("/WEB-INF/lib/"))
                .collect(Collectors.toList());
    }

    private static String text(Node node) throws IOException {
        assertThat(node).as("archive entry").isNotNull();
        try (InputStream in = node.getAsset().openStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
