package dev.channels.it.sample;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET {contextRoot}/status}: a {@link ServerStatus} as JSON, written with the server's JSON-B.
 * Proves that plain HTTP reaches the deployment and that CDI injects the same application-scoped
 * bean into servlets as into WebSocket endpoints.
 *
 * <p>Threading: one instance serves all requests concurrently; it holds only the injected proxy.
 */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient GreetingService greetings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerStatus status = new ServerStatus();
        status.setServerInfo(getServletContext().getServerInfo());
        status.setBeanInstanceId(greetings.instanceId());
        status.setMessageCount(greetings.messageCount());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (Jsonb jsonb = JsonbBuilder.create()) {
            status.setJsonbImplementation(jsonb.getClass().getName());
            response.getWriter().write(jsonb.toJson(status));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not write the status", e);
        }
    }
}
