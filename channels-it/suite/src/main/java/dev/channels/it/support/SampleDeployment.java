package dev.channels.it.support;

import dev.channels.api.Message;
import dev.channels.cdi.ChannelsExtension;
import dev.channels.it.app.RoomHandlers;
import dev.channels.server.ChannelServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR every container test deploys, packaged the way a user packages a channels application:
 * the sample application ({@code dev.channels.it.app}) in {@code WEB-INF/classes}, a CDI
 * {@code beans.xml}, a {@code web.xml} that only sets the base path, and {@code channels-api},
 * {@code channels-server} and {@code channels-cdi} in {@code WEB-INF/lib}. Tyrus, Grizzly, Yasson,
 * Parsson, Weld and the Jakarta APIs are deliberately left out: every server ships its own, and a
 * second copy in the WAR would clash with the server's.
 */
public final class SampleDeployment {

    /** The WAR's file name; its context root is the name without {@code .war}. */
    public static final String WAR_NAME = "channels-it.war";

    /** The channel endpoint's base path, set by context parameter {@code channels.base-path} in {@code web.xml}. */
    public static final String BASE_PATH = "rooms";

    private static final String BEANS_XML = """
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

    private SampleDeployment() {
    }

    /** A new WAR with the sample application. */
    public static WebArchive create() {
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .addPackage(RoomHandlers.class.getPackage())
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .setWebXML(new StringAsset(WEB_XML))
                .addAsLibrary(LibraryArchives.archiveOf(Message.class, "channels-api.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelServer.class, "channels-server.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelsExtension.class, "channels-cdi.jar"));
    }
}
