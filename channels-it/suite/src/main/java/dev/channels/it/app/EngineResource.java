package dev.channels.it.app;

import dev.channels.server.ChannelServer;
import dev.channels.server.engine.ChannelEngine;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;

/**
 * {@code GET /api/engine}: which engine the channel server runs on, as an operator's status page would
 * show it: {@code {"engine":"RedisEngine","nodeId":..,"available":true,"libraries":{..}}}. For each of
 * {@link #LIBRARY_CLASSES} (Lettuce, Netty, Reactor) {@code libraries} says whether the engine's class
 * loader finds it ({@code found}), whether it was loaded by this application's own class loader
 * ({@code fromApplication}: from the WAR's {@code WEB-INF/lib}, not from a copy the server has) and
 * the jar it came from ({@code location}, as the server names it).
 */
@Path("engine")
@RequestScoped
public class EngineResource {

    /** One class of each third-party library the Redis engine needs. */
    public static final List<String> LIBRARY_CLASSES = List.of(
            "io.lettuce.core.RedisClient", "io.netty.channel.Channel", "io.netty.util.internal.PlatformDependent",
            "reactor.core.publisher.Mono");

    @Inject
    ChannelServer server;

    /** The engine and where its libraries came from. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String engine() {
        ChannelEngine engine = server.engine();
        ClassLoader engineLoader = engine.getClass().getClassLoader();
        JsonObjectBuilder libraries = Json.createObjectBuilder();
        for (String name : LIBRARY_CLASSES) {
            libraries.add(name, describe(name, engineLoader));
        }
        return Json.createObjectBuilder()
                .add("engine", engine.getClass().getSimpleName())
                .add("nodeId", engine.nodeId())
                .add("available", engine.isAvailable())
                .add("libraries", libraries)
                .build().toString();
    }

    private static JsonObjectBuilder describe(String className, ClassLoader loader) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        try {
            Class<?> type = Class.forName(className, false, loader);
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return json.add("found", true)
                    .add("fromApplication", type.getClassLoader() == EngineResource.class.getClassLoader())
                    .add("location", String.valueOf(location));
        } catch (ClassNotFoundException | LinkageError e) {
            return json.add("found", false).add("fromApplication", false).add("location", String.valueOf(e));
        }
    }
}
