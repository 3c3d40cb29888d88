package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the files of a class-path folder over plain HTTP requests that did not upgrade to
 * WebSocket ({@link RunnerOptions#pages()}): {@code index.html} for a folder, 404 for what is
 * missing. Below them, as a servlet container does for the jars of a WAR, the class path's
 * {@code META-INF/resources/}: so the WebJars on the class path are served at {@code /webjars/...}
 * (the browser client at {@code /webjars/channels-js/<version>/index.js} from the channels-js jar),
 * the same path as in an application server. Tyrus's own Grizzly container can serve static files
 * only from a directory on disk, not from a jar, hence this handler.
 *
 * <p>Threads: Grizzly's worker threads call it; it holds no state of its own.
 */
final class ClassPathPages extends CLStaticHttpHandler {

    /** The servlet convention for static files in a jar (Servlet 3.0, section 4.6), where WebJars keep theirs. */
    static final String JAR_RESOURCES = "/META-INF/resources/";

    private ClassPathPages(ClassLoader loader, String docRoot) {
        super(loader, docRoot, JAR_RESOURCES); // the pages first, then the jars' resources
        setFileCacheEnabled(false); // served files change between builds, not while serving; no cache to go stale
    }

    /** The handler for class-path folder {@code root} (e.g. {@code channels-demo/}, the demo's chat page). */
    static ClassPathPages of(String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new ClassPathPages(loader == null ? ClassPathPages.class.getClassLoader() : loader, "/" + root);
    }

    @Override
    protected boolean handle(String path, Request request, Response response) throws Exception {
        if (path.contains("..")) {
            return false; // 404, never a parent folder (Grizzly normalises such paths before this anyway)
        }
        // Grizzly drops Content-Type and friends on a request that offers an upgrade (Java's
        // HttpClient offers h2c on every plain request); no upgrade happens here, so keep them
        request.getRequest().setIgnoreContentModifiers(false);
        return super.handle(path, request, response);
    }
}
