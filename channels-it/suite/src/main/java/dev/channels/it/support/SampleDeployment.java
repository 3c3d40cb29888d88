package dev.channels.it.support;

import dev.channels.api.Message;
import dev.channels.cdi.ChannelsExtension;
import dev.channels.it.app.RoomHandlers;
import dev.channels.redis.RedisEngine;
import dev.channels.server.ChannelServer;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR every container test deploys, packaged the way a user packages a channels application:
 * the sample application ({@code dev.channels.it.app}) in {@code WEB-INF/classes}, a CDI
 * {@code beans.xml}, a {@code web.xml} that only sets the base path, and {@code channels-api},
 * {@code channels-server}, {@code channels-cdi} and the browser client's WebJar {@code channels-js} in
 * {@code WEB-INF/lib} (the container serves its {@code META-INF/resources/} by itself, so the client is
 * at {@code <context>/webjars/channels-js/<version>/index.js} with no configuration). Tyrus, Grizzly, Yasson,
 * Parsson, Weld and the Jakarta APIs are deliberately left out: every server ships its own, and a
 * second copy in the WAR would clash with the server's.
 *
 * <p>On the Redis engine ({@link SuiteRedis}: the suite's Redis is running), the WAR also carries
 * {@code channels-redis} and its runtime dependencies (Lettuce, Netty, Reactor, Reactive Streams,
 * redis-authx-core, SLF4J API: none of them ships with a Jakarta EE server) and switches the engine on
 * the way an application does: {@code WEB-INF/classes/META-INF/microprofile-config.properties} with
 * {@code channels.engine.uri=redis://host:port?nodeId=...}; and {@code WEB-INF/glassfish-web.xml}
 * ({@link #GLASSFISH_WEB_XML}), which makes Payara load the WAR's Reactor instead of its own.
 */
public final class SampleDeployment {

    /** The WAR's file name; its context root is the name without {@code .war}. */
    public static final String WAR_NAME = "channels-it.war";

    /** The channel endpoint's base path, set by context parameter {@code channels.base-path} in {@code web.xml}. */
    public static final String BASE_PATH = "rooms";

    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                   version="4.0" bean-discovery-mode="annotated">
            </beans>
            """;

    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
              <context-param>
                <param-name>channels.base-path</param-name>
                <param-value>/%s</param-value>
              </context-param>
            </web-app>
            """.formatted(BASE_PATH);

    /**
     * Payara's web-module descriptor of the Redis WAR (ignored by WildFly and Liberty): class loading
     * "WAR first" ({@code delegate="false"}, the Servlet specification's model). Payara Micro 6.2025.10
     * ships {@code reactor-core} 3.7.11 and {@code reactive-streams} 1.0.4 in its runtime, visible to
     * applications, and by default a WAR's class loader asks the server first: Lettuce from the WAR then
     * ran on the server's Reactor, not the one the WAR carries (checked with {@code GET /api/engine}).
     * {@code java.*} and {@code jakarta.*} still come from the server whatever this says.
     */
    public static final String GLASSFISH_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                    "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <class-loader delegate="false"/>
            </glassfish-web-app>
            """;

    /** The browser client's WebJar. */
    public static final String CHANNELS_JS = "channels-js";

    /** The Redis engine's node id in the deployment (query parameter {@code nodeId} of MicroProfile Config {@code channels.engine.uri}). */
    public static final String REDIS_NODE_ID = "app-server";

    /** The MicroProfile Config file of the WAR, in {@code WEB-INF/classes}. */
    public static final String MICROPROFILE_CONFIG = "META-INF/microprofile-config.properties";

    /** File names of channels-redis's runtime dependencies (what Maven puts into a user's WAR with it). */
    static final Pattern REDIS_DEPENDENCIES = Pattern.compile(
            "(lettuce-core|netty-[a-z0-9-]+|reactor-core|reactive-streams|redis-authx-core|slf4j-api)-\\d.*\\.jar");

    private SampleDeployment() {
    }

    /** A new WAR with the sample application; on the Redis engine when the suite's Redis runs. */
    public static WebArchive create() {
        return SuiteRedis.uri().map(SampleDeployment::onRedis).orElseGet(SampleDeployment::inMemory);
    }

    /** The sample application on the Redis engine at {@code redisUri}. */
    public static WebArchive onRedis(String redisUri) {
        WebArchive war = inMemory()
                .addAsLibrary(LibraryArchives.archiveOf(RedisEngine.class, "channels-redis.jar"))
                .addAsResource(new StringAsset(String.join("\n",
                        "channels.engine.uri=" + redisUri + "?nodeId=" + REDIS_NODE_ID, "")), MICROPROFILE_CONFIG)
                .addAsWebInfResource(new StringAsset(GLASSFISH_WEB_XML), "glassfish-web.xml");
        LibraryArchives.classPathJars(name -> REDIS_DEPENDENCIES.matcher(name).matches()).forEach(war::addAsLibrary);
        return war;
    }

    /** The sample application on the default, in-memory engine. */
    public static WebArchive inMemory() {
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .addPackage(RoomHandlers.class.getPackage())
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .setWebXML(new StringAsset(WEB_XML))
                .addAsLibrary(LibraryArchives.archiveOf(Message.class, "channels-api.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelServer.class, "channels-server.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelsExtension.class, "channels-cdi.jar"))
                .addAsLibrary(LibraryArchives.webJar(CHANNELS_JS));
    }
}
