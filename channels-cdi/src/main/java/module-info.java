/**
 * CDI integration: handlers as observer methods, middleware as interceptors, lifecycle as CDI
 * events, the server injectable, the endpoint in a Jakarta EE container, and the Weld SE bootstrap
 * ({@link dev.channels.cdi.se.ChannelsSe}, which needs {@code dev.channels.tyrus}: optional), and a
 * MicroProfile Health readiness check (added only when MicroProfile Health is present). The
 * packages with beans and interceptors are open to the CDI container, which proxies them.
 */
module dev.channels.cdi {
    requires transitive dev.channels.api;
    requires transitive dev.channels.server;
    requires transitive jakarta.cdi;
    requires transitive jakarta.interceptor;
    requires transitive jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.websocket;
    requires static jakarta.servlet;
    requires static dev.channels.tyrus;
    requires static microprofile.health.api;
    requires static io.opentelemetry.api; // the OpenTelemetry bean (MicroProfile Telemetry), when present

    exports dev.channels.cdi;
    exports dev.channels.cdi.interceptor;
    exports dev.channels.cdi.lifecycle;
    exports dev.channels.cdi.health;
    exports dev.channels.cdi.se;
    exports dev.channels.cdi.web;

    opens dev.channels.cdi;
    opens dev.channels.cdi.interceptor;
    opens dev.channels.cdi.internal;
    opens dev.channels.cdi.lifecycle;
    opens dev.channels.cdi.demo;
    opens dev.channels.cdi.health;

    provides jakarta.enterprise.inject.spi.Extension with dev.channels.cdi.ChannelsExtension;
}
