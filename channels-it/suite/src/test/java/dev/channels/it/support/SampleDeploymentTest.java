package dev.channels.it.support;

import dev.channels.it.sample.EchoEndpoint;
import dev.channels.it.sample.SampleServerApplicationConfig;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SampleDeploymentTest {

    private final WebArchive war = SampleDeployment.create();

    @Test
    void containsTheSampleClassesBeansXmlAndChannelsApi() {
        assertThat(war.getName()).isEqualTo(SampleDeployment.WAR_NAME);
        assertThat(war.contains("WEB-INF/classes/" + EchoEndpoint.class.getName().replace('.', '/') + ".class")).isTrue();
        assertThat(war.contains("WEB-INF/classes/"
                + SampleServerApplicationConfig.class.getName().replace('.', '/') + ".class")).isTrue();
        assertThat(war.contains("WEB-INF/beans.xml")).isTrue();
        assertThat(libraries()).singleElement().asString().contains("channels-api");
    }

    @Test
    void leavesTheServersApisJsonbAndWebSocketImplementationOut() {
        List<String> paths = war.getContent().keySet().stream().map(ArchivePath::get).collect(Collectors.toList());

        assertThat(paths).noneMatch(p -> p.contains("/jakarta/") || p.contains("yasson")
                || p.contains("tyrus") || p.contains("parsson"));
        assertThat(paths).noneMatch(p -> p.contains("dev/channels/it/support/"));
    }

    private List<String> libraries() {
        return war.getContent().keySet().stream()
                .map(ArchivePath::get)
                .filter(p -> p.startsWith("/WEB-INF/lib/"))
                .collect(Collectors.toList());
    }
}
