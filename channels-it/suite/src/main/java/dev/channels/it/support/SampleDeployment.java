package dev.channels.it.support;

import dev.channels.api.Message;
import dev.channels.it.sample.EchoEndpoint;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR every container test deploys: the classes of {@code dev.channels.it.sample}, a CDI
 * {@code beans.xml}, and {@code channels-api} in {@code WEB-INF/lib}. The Jakarta APIs, Yasson and
 * Tyrus are deliberately left out: every server ships its own, and a second copy in the WAR would
 * clash with the server's.
 *
 * <p>When the real sample application exists, add its packages here and {@code channels-tyrus} /
 * {@code channels-cdi} with {@link LibraryArchives#archiveOf}.
 */
public final class SampleDeployment {

    /** The WAR's file name; its context root is the name without {@code .war}. */
    public static final String WAR_NAME = "channels-it.war";

    private static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                   version="4.0" bean-discovery-mode="annotated">
            </beans>
            """;

    private SampleDeployment() {
    }

    /** A new WAR with the sample application. */
    public static WebArchive create() {
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .addPackage(EchoEndpoint.class.getPackage())
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsLibrary(LibraryArchives.archiveOf(Message.class, "channels-api.jar"));
    }
}
