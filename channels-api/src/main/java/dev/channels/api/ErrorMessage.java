package dev.channels.api;

import dev.channels.api.internal.JsonSupport;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The error envelope (the seed's {@code sockets.ErrorMessage}), sent to one client when handling
 * its message failed. It copies the failed message's metadata and raw body ({@link #originBody()})
 * so the client can replay it, and carries an error body, by default an {@link ErrorDetail}.
 *
 * <p>On the wire its {@code type} is always {@code "error"} and the client key is {@code clientId}.
 *
 * @param correlationId copied from the failed message
 * @param appId         copied from the failed message
 * @param userId        copied from the failed message
 * @param originType    the type of the failed message
 * @param originBody    the failed message's body, raw
 * @param errorBody     detail of the error, raw; by default an {@link ErrorDetail} object
 * @param channelId     copied from the failed message
 * @param clientId      the client the error goes to
 * @param headers       copied from the failed message
 *
 * @since 0.1.0
 */
public record ErrorMessage(String correlationId, String appId, String userId, String originType,
                           JsonValue originBody, JsonValue errorBody, String channelId, String clientId,
                           Map<String, List<String>> headers) implements Envelope {

    /** Normalises {@code null}s: empty strings, JSON null bodies, empty headers. */
    public ErrorMessage {
        correlationId = correlationId == null ? "" : correlationId;
        appId = appId == null ? "" : appId;
        userId = userId == null ? "" : userId;
        originType = originType == null ? "" : originType;
        originBody = originBody == null ? JsonValue.NULL : originBody;
        errorBody = errorBody == null ? JsonValue.NULL : errorBody;
        channelId = channelId == null ? "" : channelId;
        clientId = clientId == null ? "" : clientId;
        headers = HeaderMaps.copy(headers);
    }

    /** Always {@link MessageTypes#ERROR}. */
    @Override
    public String type() {
        return MessageTypes.ERROR;
    }

    /**
     * Binds the error body to {@code type}. Binding to {@link ErrorDetail} matches keys in any
     * letter case, so the Go server's {@code Title}/{@code ErrCode} read as well as ours.
     */
    public <T> T bind(Class<T> type) {
        if (type == ErrorDetail.class) {
            return type.cast(ErrorDetail.fromJson(errorBody)
                    .orElseThrow(() -> new BodyBindException("error body is not an object: " + errorBody, null)));
        }
        return JsonSupport.bind(errorBody, type, "error body");
    }

    /**
     * Binds the error body to a generic type; {@link ErrorDetail} is read in any letter case here too,
     * as in {@link #bind(Class)}.
     */
    @SuppressWarnings("unchecked")
    public <T> T bind(Type type) {
        if (type == ErrorDetail.class) {
            return (T) bind(ErrorDetail.class);
        }
        return JsonSupport.bind(errorBody, type, "error body");
    }

    /** Binds the failed message's body to {@code type}, e.g. to replay it. */
    public <T> T bindOriginBody(Class<T> type) {
        return JsonSupport.bind(originBody, type, "origin body");
    }

    /** Binds the failed message's body to a generic type. */
    public <T> T bindOriginBody(Type type) {
        return JsonSupport.bind(originBody, type, "origin body");
    }

    /** The error body read as an {@link ErrorDetail}, when it is an object. */
    public Optional<ErrorDetail> detail() {
        return ErrorDetail.fromJson(errorBody);
    }
}
