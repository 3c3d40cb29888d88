package dev.channels.server.standalone;

import dev.channels.server.RunnerOptions;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the files of a class-path folder over plain HTTP requests that did not upgrade to
 * WebSocket ({@link RunnerOptions#pages()}): {@code index.html} for a folder, 404 for what is
 * missing. Tyrus's own Grizzly container can serve static files only from a directory on disk, not
 * from a jar, hence this handler.
 *
 * <p>Threads: Grizzly's worker threads call it; it holds no state of its own.
 */
final class ClassPathPages extends CLStaticHttpHandler {

    private ClassPathPages(ClassLoader loader, String docRoot) {
        super(loader, docRoot);
        setFileCacheEnabled(false); // served files change between builds, not while serving; no cache to go stale
    }

    /** The handler for class-path folder {@code root} (e.g. {@code dev/channels/web/}). */
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
