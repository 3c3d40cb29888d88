package dev.channels.client;

import jakarta.websocket.DeploymentException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns whatever {@code connectToServer} threw into a {@link JoinException} with a clear reason. */
final class JoinFailures {

    private JoinFailures() {
    }

    static JoinException classify(URI uri, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new JoinException(JoinException.Reason.TLS, uri, -1,
                        "the TLS handshake failed (is the server's certificate trusted by the client's SSLContext?): "
                                + t.getMessage(), error);
            }
        }
        int status = TyrusContainerSupport.refusedHandshakeStatus(error);
        if (status > 0) {
            return new JoinException(JoinException.Reason.REFUSED, uri, status,
                    "the server refused the handshake", error);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return new JoinException(JoinException.Reason.UNREACHABLE, uri, -1,
                        "cannot connect: " + t.getMessage(), error);
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException || mentionsTimeout(t)) {
                return new JoinException(JoinException.Reason.TIMEOUT, uri, -1,
                        "no handshake response in time", error);
            }
        }
        if (error instanceof DeploymentException) {
            return new JoinException(JoinException.Reason.REFUSED, uri, -1,
                    "the handshake failed: " + error.getMessage(), error);
        }
        return new JoinException(JoinException.Reason.UNREACHABLE, uri, -1,
                "cannot connect: " + error, error);
    }

    private static boolean mentionsTimeout(Throwable t) {
        String m = t.getMessage();
        if (m == null) {
            return false;
        }
        String lower = m.toLowerCase(Locale.ROOT);
        return lower.contains("timeout") || lower.contains("timed out") || lower.contains("response not received");
    }
}
