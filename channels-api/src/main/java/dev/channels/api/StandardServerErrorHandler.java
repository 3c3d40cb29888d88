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
        String ref = errorId == null || errorId.isEmpty() ? "" : " (error id " + errorId + ")";
        if (error instanceof BodyBindException) {
            String description = exceptionText && error.getMessage() != null ? error.getMessage()
                    : "the body of the '" + msg.type() + "' message does not fit what its handler expects";
            return msg.toError(ErrorDetail.badRequest(description + ref));
        }
        if (exceptionText) {
            String description = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
            return msg.toError(ErrorDetail.unexpected(description + ref));
        }
        return msg.toError(ErrorDetail.unexpected("the handler of '" + msg.type() + "' failed"
                + (ref.isEmpty() ? "; the server log has the cause" : "; the server log has the cause" + ref)));
    }

    @Override
    public String toString() {
        return exceptionText ? "ServerErrorHandler.WITH_EXCEPTION_TEXT" : "ServerErrorHandler.DEFAULT";
    }
}
