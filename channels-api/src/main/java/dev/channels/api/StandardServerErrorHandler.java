package dev.channels.api;

/**
 * The two built-in {@link ServerErrorHandler}s: {@link ServerErrorHandler#DEFAULT} (no exception
 * text) and {@link ServerErrorHandler#WITH_EXCEPTION_TEXT}. Stateless and thread-safe.
 */
final class StandardServerErrorHandler implements ServerErrorHandler {

    private final boolean exceptionText;

    StandardServerErrorHandler(boolean exceptionText) {
        this.exceptionText = exceptionText;
    }

    @Override
    public ErrorMessage handle(Message msg, Throwable error) {
        return handle(msg, error, "");
    }

    @Override
    public ErrorMessage handle(Message msg, Throwable error, String errorId) {
        if (error instanceof ErrorReplyException reply) {
            return msg.toError(reply.detail());
        }
        if (exceptionText) { // the seed's description, exactly; the id is still in the X-Error-Id header
            String text = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
            return msg.toError(error instanceof BodyBindException ? ErrorDetail.badRequest(text) : ErrorDetail.unexpected(text));
        }
        String ref = errorId == null || errorId.isEmpty() ? "" : " (error id " + errorId + ")";
        if (error instanceof BodyBindException) {
            return msg.toError(ErrorDetail.badRequest(
                    "the body of the '" + msg.type() + "' message does not fit what its handler expects" + ref));
        }
        if (error instanceof ChannelNotFoundException) {
            // the library's own text, naming only the channel the reply was routed to
            return msg.toError(ErrorDetail.unexpected(error.getMessage() + ref));
        }
        return msg.toError(ErrorDetail.unexpected("the handler of '" + msg.type() + "' failed; the server log has the cause" + ref));
    }

    @Override
    public String toString() {
        return exceptionText ? "ServerErrorHandler.WITH_EXCEPTION_TEXT" : "ServerErrorHandler.DEFAULT";
    }
}
