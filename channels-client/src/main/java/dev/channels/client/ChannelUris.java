package dev.channels.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Builds the URI a client opens to join a channel: {@code {base}/{channelId}?{params}}. */
final class ChannelUris {

    private ChannelUris() {
    }

    static URI channelUri(URI base, String channelId, Map<String, String> params) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(channelId, "channelId");
        if (channelId.isBlank()) {
            throw new IllegalArgumentException("channelId must not be blank");
        }
        String scheme = base.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base URI must start with ws:// or wss://, got " + base);
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("base URI must have no query or fragment: " + base);
        }
        String text = base.toString();
        StringBuilder uri = new StringBuilder(text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
                .append('/').append(encode(channelId).replace("+", "%20"));
        if (!params.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            params.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
            uri.append(query);
        }
        return URI.create(uri.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
