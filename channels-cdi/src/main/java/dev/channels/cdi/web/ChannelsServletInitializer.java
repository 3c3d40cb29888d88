package dev.channels.cdi.web;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Found by the servlet container in {@code WEB-INF/lib/channels-cdi.jar} (through
 * {@code META-INF/services}, so it works even in a {@code metadata-complete} web application):
 * adds {@link ChannelsEndpointRegistrar}, which registers the channel endpoint once CDI and the
 * WebSocket container are ready. No application code needed.
 *
 * @since 0.1.0
 */
public class ChannelsServletInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (ChannelsEndpointRegistrar.enabled(context)) {
            context.addListener(ChannelsEndpointRegistrar.class);
        }
    }
}
