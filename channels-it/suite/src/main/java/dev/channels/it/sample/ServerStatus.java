package dev.channels.it.sample;

/**
 * What {@link StatusServlet} reports, serialised with the server's JSON-B: the server's name, the
 * shared bean's identity and counter, and the JSON-B implementation.
 */
public class ServerStatus {

    private String serverInfo;
    private String beanInstanceId;
    private long messageCount;
    private String jsonbImplementation;

    /** For JSON-B. */
    public ServerStatus() {
    }

    /** {@code ServletContext.getServerInfo()}. */
    public String getServerInfo() {
        return serverInfo;
    }

    /** Sets the server info. */
    public void setServerInfo(String serverInfo) {
        this.serverInfo = serverInfo;
    }

    /** {@link GreetingService#instanceId()} of the bean injected into the servlet. */
    public String getBeanInstanceId() {
        return beanInstanceId;
    }

    /** Sets the bean instance id. */
    public void setBeanInstanceId(String beanInstanceId) {
        this.beanInstanceId = beanInstanceId;
    }

    /** {@link GreetingService#messageCount()} at the time of the request. */
    public long getMessageCount() {
        return messageCount;
    }

    /** Sets the message count. */
    public void setMessageCount(long messageCount) {
        this.messageCount = messageCount;
    }

    /** The class name of the server's {@code Jsonb} implementation. */
    public String getJsonbImplementation() {
        return jsonbImplementation;
    }

    /** Sets the JSON-B implementation name. */
    public void setJsonbImplementation(String jsonbImplementation) {
        this.jsonbImplementation = jsonbImplementation;
    }
}
