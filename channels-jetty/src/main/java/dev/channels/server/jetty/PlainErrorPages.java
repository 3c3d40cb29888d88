package dev.channels.server.jetty;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.StringUtil;

/** Error pages with the status only: no server name, version, message or stack trace. Stateless. */
final class PlainErrorPages extends ErrorHandler {

    PlainErrorPages() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void writeErrorHtml(Request request, Writer writer, Charset charset, int code, String message,
                                  Throwable cause) throws IOException {
        String reason = StringUtil.sanitizeXmlString(String.valueOf(HttpStatus.getMessage(code)));
        writer.write("<!DOCTYPE html><html><head><title>" + code + "</title></head><body><h1>" + code + " "
                + reason + "</h1></body></html>");
    }
}
