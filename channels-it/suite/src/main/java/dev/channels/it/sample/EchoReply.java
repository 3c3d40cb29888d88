package dev.channels.it.sample;

/**
 * The body of the {@code "echo"} reply: what the endpoint saw on the server, so that the test JVM
 * can assert on the path parameter, CDI, the principal and the server's JSON-B implementation.
 * A mutable JavaBean so that any JSON-B implementation (de)serialises it.
 */
public class EchoReply {

    private String channelId;
    private String greeting;
    private long messageNumber;
    private String beanInstanceId;
    private boolean lookupSeesSameBean;
    private String principal;
    private String jsonbImplementation;

    /** For JSON-B. */
    public EchoReply() {
    }

    /** The {@code {channelId}} path parameter of the connection. */
    public String getChannelId() {
        return channelId;
    }

    /** Sets the channel id. */
    public void setChannelId(String channelId) {
        this.channelId = channelId;
    }

    /** The greeting produced by the injected CDI bean. */
    public String getGreeting() {
        return greeting;
    }

    /** Sets the greeting. */
    public void setGreeting(String greeting) {
        this.greeting = greeting;
    }

    /** The application-wide message counter after this message. */
    public long getMessageNumber() {
        return messageNumber;
    }

    /** Sets the message number. */
    public void setMessageNumber(long messageNumber) {
        this.messageNumber = messageNumber;
    }

    /** {@link GreetingService#instanceId()} of the injected bean. */
    public String getBeanInstanceId() {
        return beanInstanceId;
    }

    /** Sets the bean instance id. */
    public void setBeanInstanceId(String beanInstanceId) {
        this.beanInstanceId = beanInstanceId;
    }

    /** Whether {@code CDI.current()} found the same contextual instance as the injected field. */
    public boolean isLookupSeesSameBean() {
        return lookupSeesSameBean;
    }

    /** Sets whether the lookup saw the same bean. */
    public void setLookupSeesSameBean(boolean lookupSeesSameBean) {
        this.lookupSeesSameBean = lookupSeesSameBean;
    }

    /** The name of {@code Session.getUserPrincipal()}, or {@code null} when there is none. */
    public String getPrincipal() {
        return principal;
    }

    /** Sets the principal name. */
    public void setPrincipal(String principal) {
        this.principal = principal;
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
