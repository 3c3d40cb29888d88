package dev.channels.bench.server.undertow;

import dev.channels.bench.server.BenchRuntime;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.websocket.server.ServerEndpointConfig;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Undertow with its own Jakarta WebSocket implementation (undertow-websockets-jsr), hosting the bench's
 * endpoints in a servlet deployment at {@code /}: one HTTP listener on every interface, Undertow's
 * default sizing (I/O threads = max(cores, 2), 8 worker threads per I/O thread, pooled direct 16 KiB
 * buffers), shared by HTTP and WebSocket; WebSocket callbacks run on the I/O threads (Undertow's default).
 * Sessions never time out by idleness, as on Tyrus.
 */
public final class UndertowRuntime implements BenchRuntime {

    @Override
    public Started start(List<ServerEndpointConfig> endpoints, int port) throws Exception {
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        XnioWorker worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                .set(Options.TCP_NODELAY, true)
                .getMap());
        DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
        WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo().setWorker(worker).setBuffers(buffers);
        for (ServerEndpointConfig endpoint : endpoints) {
            webSockets.addEndpoint(endpoint);
        }
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowRuntime.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("bench")
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        HttpHandler handler = manager.start();
        Undertow undertow = Undertow.builder()
                .setWorker(worker)
                .setByteBufferPool(buffers)
                .addHttpListener(port, "0.0.0.0")
                .setHandler(handler)
                .build();
        undertow.start();
        int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return Started.of(bound, () -> {
            undertow.stop();
            manager.stop();
            manager.undeploy();
            worker.shutdown();
        });
    }
}
