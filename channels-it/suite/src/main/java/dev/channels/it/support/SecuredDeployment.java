package dev.channels.it.support;

import dev.channels.api.Message;
import dev.channels.cdi.ChannelsExtension;
import dev.channels.it.secured.SecuredApplication;
import dev.channels.server.ChannelServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The secured WAR of {@code SecuredApplicationIT}: the secured sample ({@code dev.channels.it.secured}:
 * Jakarta Security's BASIC mechanism, an identity store, channel rules, a {@code @RolesAllowed}
 * observer), {@code beans.xml}, the three channels jars, and a {@code web.xml} whose security
 * constraint makes the container authenticate the WebSocket handshake of every channel under
 * {@code /rooms} (and of the session endpoint {@code /rooms} itself) for any authenticated user
 * (role {@code **}), except {@value #OPEN_CHANNEL}, which is left open so that an anonymous handshake
 * reaches the channel rules. Always on the in-memory engine.
 *
 * <p>Per server (each ignores the others' files): Payara reads {@code WEB-INF/glassfish-web.xml}, which
 * maps the role {@code member} to the identity store's group {@code member}; WildFly needs
 * {@code integrated-jaspi=false} on its {@code other} application security domain (set by the wildfly
 * module's build in {@code standalone.xml}); Open Liberty needs the feature {@code appSecurity-5.0}
 * (in the liberty module's {@code server.xml}).
 */
public final class SecuredDeployment {

    /** The WAR's file name: another context root than the plain sample's. */
    public static final String WAR_NAME = "channels-it-secured.war";

    /** An unprotected channel path: anonymous handshakes get through, and the rules refuse them ({@code private-*}). */
    public static final String OPEN_CHANNEL = "private-open";

    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
              <context-param>
                <param-name>channels.base-path</param-name>
                <param-value>/%1$s</param-value>
              </context-param>
              <!-- Every handshake under /rooms (channels and the session endpoint) needs an authenticated user. -->
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>channels</web-resource-name>
                  <url-pattern>/%1$s/*</url-pattern>
                </web-resource-collection>
                <auth-constraint>
                  <role-name>**</role-name>
                </auth-constraint>
              </security-constraint>
              <!-- An exact pattern wins over /rooms/*: no auth-constraint, so anyone may open it. -->
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>open channel</web-resource-name>
                  <url-pattern>/%1$s/%2$s</url-pattern>
                </web-resource-collection>
              </security-constraint>
              <security-role>
                <role-name>%3$s</role-name>
              </security-role>
            </web-app>
            """.formatted(SampleDeployment.BASE_PATH, OPEN_CHANNEL, SecuredApplication.MEMBER);

    /**
     * Payara's role mapping (WildFly and Liberty map a role to the group of the same name by themselves):
     * role {@code member} is the identity store's group {@code member}.
     */
    static final String GLASSFISH_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                    "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <security-role-mapping>
                <role-name>%1$s</role-name>
                <group-name>%1$s</group-name>
              </security-role-mapping>
            </glassfish-web-app>
            """.formatted(SecuredApplication.MEMBER);

    private SecuredDeployment() {
    }

    /** A new secured WAR. */
    public static WebArchive create() {
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .addPackage(SecuredApplication.class.getPackage())
                .addAsWebInfResource(new StringAsset(SampleDeployment.BEANS_XML), "beans.xml")
                .addAsWebInfResource(new StringAsset(GLASSFISH_WEB_XML), "glassfish-web.xml")
                .setWebXML(new StringAsset(WEB_XML))
                .addAsLibrary(LibraryArchives.archiveOf(Message.class, "channels-api.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelServer.class, "channels-server.jar"))
                .addAsLibrary(LibraryArchives.archiveOf(ChannelsExtension.class, "channels-cdi.jar"));
    }
}
