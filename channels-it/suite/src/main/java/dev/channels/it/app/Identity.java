package dev.channels.it.app;

/** The body of a {@code whoami} reply: what the server knows about the connection. A JSON-B bean. */
public class Identity {

    private String clientId;
    private String channelId;
    private String team;
    private String nick;
    private String principal;
    private String requestBean;

    /** The connection's clientID. */
    public String getClientId() {
        return clientId;
    }

    /** Sets the clientID. */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** The channel of the connection. */
    public String getChannelId() {
        return channelId;
    }

    /** Sets the channel. */
    public void setChannelId(String channelId) {
        this.channelId = channelId;
    }

    /** Handshake header {@code X-Team}, or null. */
    public String getTeam() {
        return team;
    }

    /** Sets the team. */
    public void setTeam(String team) {
        this.team = team;
    }

    /** Handshake query parameter {@code nick}, or null. */
    public String getNick() {
        return nick;
    }

    /** Sets the nick. */
    public void setNick(String nick) {
        this.nick = nick;
    }

    /** The handshake's authenticated user, or null. */
    public String getPrincipal() {
        return principal;
    }

    /** Sets the principal. */
    public void setPrincipal(String principal) {
        this.principal = principal;
    }

    /** The id of the request-scoped bean the handler saw: a new one per message. */
    public String getRequestBean() {
        return requestBean;
    }

    /** Sets the request-scoped bean's id. */
    public void setRequestBean(String requestBean) {
        this.requestBean = requestBean;
    }
}
