package dev.channels.transport;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Raw frames on Tyrus: {@code TyrusWebSocket.sendRawFrame(ByteBuffer)}, the call Tyrus's own
 * {@code TyrusSession.broadcast} uses to send one encoded frame to many sessions. It skips what
 * {@code sendText} does per session: a new {@code TextFrame} (the UTF-8 encoding of the text) and
 * framing it, and re-arming the session's idle timeout ({@code restartIdleTimeoutExecutor}, a timer
 * task per send; incoming frames, pongs to the heartbeat's pings included, still re-arm it).
 *
 * <p>Checked against Tyrus 2.1 (the sources of 2.1.5): {@code TyrusRemoteEndpoint.webSocket} is the
 * session's {@code TyrusWebSocket}; its {@code sendRawFrame} takes the ProtocolHandler's send lock,
 * hands the buffer to the connection's {@code Writer} unchanged and returns a {@code TyrusFuture}, a
 * {@code CompletableFuture} completed by the write's completion handler. The fast path is used only on
 * those versions ({@code META-INF/maven/.../tyrus-core/pom.properties}), only on server sessions
 * ({@code ProtocolHandler.client} false: client frames must be masked), and only when reflection may
 * read those fields (tyrus-core on the class path, or its package opened to this module); else null,
 * and the writer uses {@code sendText}.
 *
 * <p>On Tyrus's standalone Grizzly container (the session's {@code ProtocolHandler.writer} is Tyrus's
 * {@code GrizzlyWriter}, whose {@code connection} is a Grizzly 4 connection) {@link #forSession}
 * returns a {@link GrizzlyDirectFrames} instead, which skips {@code sendRawFrame}'s per-frame layers
 * and writes the same bytes into the same Grizzly write queue; {@value RawFrameWriter#DIRECT_PROPERTY}
 * {@code =false} keeps {@code sendRawFrame}.
 *
 * <p>Thread-safety: the per-class {@link Access} is computed once and immutable; an instance only holds
 * its session's web socket. Callers (one {@link SessionWriter}) never write concurrently.
 */
final class TyrusRawFrames implements RawFrameWriter {

    private static final System.Logger LOG = System.getLogger(TyrusRawFrames.class.getName());
    private static final String PACKAGE = "org.glassfish.tyrus.core";
    private static final String VERSION_RESOURCE = "/META-INF/maven/org.glassfish.tyrus/tyrus-core/pom.properties";
    /** Tyrus versions (prefixes) whose internals this class was checked against. */
    private static final List<String> CHECKED_VERSIONS = List.of("2.1.");

    /** What reflection found on one Tyrus, per class of async remote (one per class loader in practice). */
    private record Access(MethodHandle webSocketOf, MethodHandle protocolHandlerOf, MethodHandle isClient,
                          MethodHandle sendRawFrame, MethodHandle writerOf, MethodHandle isConnected) {
    }

    private static final String GRIZZLY_WRITER = "org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter";
    /**
     * The channels standalone runner's wrapper of {@code GrizzlyWriter} (module dev.channels.tyrus): its
     * writes only delegate (it acts on close), so writing past it changes nothing; it holds the same
     * Grizzly {@code connection}.
     */
    private static final String STANDALONE_WRITER = "dev.channels.server.standalone.ReapingWriter";

    /** {@code GrizzlyWriter.connection}'s getter, per class of Tyrus writer; empty for any other writer. */
    private static final ClassValue<Optional<MethodHandle>> GRIZZLY_CONNECTION = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> writerClass) {
            if (!writerClass.getName().equals(GRIZZLY_WRITER) && !writerClass.getName().equals(STANDALONE_WRITER)) {
                return Optional.empty();
            }
            try {
                Field field = writerClass.getDeclaredField("connection");
                if (!field.getType().getName().equals("org.glassfish.grizzly.Connection")) {
                    return Optional.empty();
                }
                field.setAccessible(true);
                return Optional.of(MethodHandles.lookup().unreflectGetter(field));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Grizzly direct writes unavailable ({0}): raw frames go through sendRawFrame", e.toString());
                return Optional.empty();
            }
        }
    };

    private static final ClassValue<Optional<Access>> ACCESS = new ClassValue<>() {
        @Override
        protected Optional<Access> computeValue(Class<?> remoteClass) {
            return access(remoteClass);
        }
    };

    private final Object webSocket;
    private final MethodHandle sendRawFrame;
    private final Consumer<Throwable> done;

    private TyrusRawFrames(Object webSocket, MethodHandle sendRawFrame, Consumer<Throwable> done) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
        this.done = done;
    }

    /**
     * The raw writer of a Tyrus server session on a checked version, else null: straight into Grizzly
     * ({@link GrizzlyDirectFrames}) when {@code direct} and the session runs on Tyrus's Grizzly
     * container, else through {@code sendRawFrame}.
     */
    static RawFrameWriter forSession(Session session, Consumer<Throwable> done, boolean direct) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        Optional<Access> access = ACCESS.get(remote.getClass());
        if (access.isEmpty()) {
            return null;
        }
        try {
            Object webSocket = access.get().webSocketOf().invoke(remote);
            Object protocolHandler = access.get().protocolHandlerOf().invoke(webSocket);
            if (webSocket == null || protocolHandler == null || (boolean) access.get().isClient().invoke(protocolHandler)) {
                return null;
            }
            if (direct) {
                RawFrameWriter grizzly = grizzlyDirect(access.get(), webSocket, protocolHandler, done);
                if (grizzly != null) {
                    return grizzly;
                }
            }
            return new TyrusRawFrames(webSocket, access.get().sendRawFrame(), done);
        } catch (Throwable e) {
            LOG.log(Level.DEBUG, "Tyrus raw frames unavailable for session " + session.getId(), e);
            return null;
        }
    }

    /** The Grizzly direct writer of this session, or null (another Tyrus container, or Grizzly not reachable). */
    private static RawFrameWriter grizzlyDirect(Access access, Object webSocket, Object protocolHandler,
                                                Consumer<Throwable> done) throws Throwable {
        Object writer = access.writerOf().invoke(protocolHandler);
        if (writer == null) {
            return null;
        }
        Optional<MethodHandle> connectionOf = GRIZZLY_CONNECTION.get(writer.getClass());
        if (connectionOf.isEmpty()) {
            return null;
        }
        try {
            return GrizzlyDirectFrames.forConnection(connectionOf.get().invoke(writer), webSocket, access.isConnected(), done);
        } catch (LinkageError e) {
            // Grizzly is not visible to this module (another class loader, or not on the module path)
            LOG.log(Level.DEBUG, "Grizzly direct writes unavailable ({0}): raw frames go through sendRawFrame", e.toString());
            return null;
        }
    }

    @Override
    public void write(ByteBuffer frames) {
        Future<?> sent;
        try {
            sent = (Future<?>) sendRawFrame.invoke(webSocket, frames);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        ((CompletionStage<?>) sent).whenComplete((ignored, failure) -> done.accept(failure)); // a TyrusFuture, checked in access()
    }

    private static Optional<Access> access(Class<?> remoteClass) {
        Class<?> endpoint = remoteClass;
        while (endpoint != null && !endpoint.getName().equals(PACKAGE + ".TyrusRemoteEndpoint")) {
            endpoint = endpoint.getSuperclass();
        }
        if (endpoint == null) {
            return Optional.empty(); // not Tyrus: the portable path
        }
        String version = version(endpoint);
        if (CHECKED_VERSIONS.stream().noneMatch(version::startsWith)) {
            LOG.log(Level.INFO, "Tyrus {0} is not a version channels checked raw frames on (2.1.x): every "
                    + "session encodes its own frames (sendText)", version.isEmpty() ? "(unknown version)" : version);
            return Optional.empty();
        }
        try {
            ClassLoader loader = endpoint.getClassLoader();
            Class<?> webSocketClass = Class.forName(PACKAGE + ".TyrusWebSocket", false, loader);
            Class<?> protocolHandlerClass = Class.forName(PACKAGE + ".ProtocolHandler", false, loader);
            Class<?> futureClass = Class.forName(PACKAGE + ".TyrusFuture", false, loader);
            if (!CompletionStage.class.isAssignableFrom(futureClass)) {
                return Optional.empty();
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> spiWriterClass = Class.forName("org.glassfish.tyrus.spi.Writer", false, loader);
            MethodHandle send = MethodHandles.publicLookup().findVirtual(webSocketClass, "sendRawFrame",
                    MethodType.methodType(Future.class, ByteBuffer.class));
            MethodHandle isConnected = MethodHandles.publicLookup().findVirtual(webSocketClass, "isConnected",
                    MethodType.methodType(boolean.class));
            Access access = new Access(
                    lookup.unreflectGetter(accessible(endpoint, "webSocket", webSocketClass)),
                    lookup.unreflectGetter(accessible(webSocketClass, "protocolHandler", protocolHandlerClass)),
                    lookup.unreflectGetter(accessible(protocolHandlerClass, "client", boolean.class)),
                    send,
                    lookup.unreflectGetter(accessible(protocolHandlerClass, "writer", spiWriterClass)),
                    isConnected);
            LOG.log(Level.DEBUG, "Tyrus {0}: broadcasts send one encoded frame to every member (raw frames)", version);
            return Optional.of(access);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException: tyrus-core is a named module that does not open its package to us
            LOG.log(Level.INFO, "Tyrus raw frames unavailable ({0}): every session encodes its own frames (sendText); "
                    + "on the module path, --add-opens org.glassfish.tyrus.core/org.glassfish.tyrus.core=dev.channels.api "
                    + "enables them", e.toString());
            return Optional.empty();
        }
    }

    private static Field accessible(Class<?> owner, String name, Class<?> type) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        if (field.getType() != type) {
            throw new NoSuchFieldException(owner.getName() + "." + name + " is a " + field.getType().getName());
        }
        field.setAccessible(true);
        return field;
    }

    /** The tyrus-core version its jar says, or "" when it says none (repackaged). */
    private static String version(Class<?> endpoint) {
        try (InputStream in = endpoint.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "");
        } catch (IOException e) {
            return "";
        }
    }
}
