package dev.channels.it.support;

import dev.channels.it.app.RoomHandlers;
import dev.channels.it.secured.SampleUsers;
import dev.channels.it.secured.SecuredApplication;
import dev.channels.it.secured.SecuredHandlers;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecuredDeploymentTest {

    private final WebArchive war = SecuredDeployment.create();

    @Test
    void holdsTheSecuredSampleOnlyAndTheThreeChannelsJars() {
        for (Class<?> type : List.of(SecuredApplication.class, SampleUsers.class, SecuredHandlers.class)) {
            assertThat(war.contains(classPath(type))).as(type.getName()).isTrue();
        }
        assertThat(war.contains(classPath(RoomHandlers.class))).as("the plain sample stays out").isFalse();
        // a module's jar, or its target/classes packed as channels-*.jar (LibraryArchives)
        assertThat(war.getContent().keySet().stream().map(ArchivePath::get).filter(p -> p.startsWith("/WEB-INF/lib/")))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-api"))
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-server"))
                .anySatisfy(p -> assertThat(p).startsWith("/WEB-INF/lib/channels-cdi"));
    }

    @Test
    void webXmlProtectsTheChannelsButTheOpenOneAndPayaraMapsTheRole() throws IOException {
        String webXml = text("WEB-INF/web.xml");
        assertThat(webXml).contains("<url-pattern>/rooms/*</url-pattern>", "<role-name>**</role-name>",
                "<url-pattern>/rooms/" + SecuredDeployment.OPEN_CHANNEL + "</url-pattern>",
                "<role-name>" + SecuredApplication.MEMBER + "</role-name>");
        assertThat(text("WEB-INF/glassfish-web.xml")).contains("<group-name>" + SecuredApplication.MEMBER + "</group-name>");
    }

    private static String classPath(Class<?> type) {
        return "WEB-INF/classes/" + type.getName().replace('.', '/') + ".class";
    }

    private String text(String path) throws IOException {
        Node node = war.get(path);
        assertThat(node).as(path).isNotNull();
        try (InputStream in = node.getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
