/** The CDI flavour of the demo: {@link dev.channels.cdi.demo.CdiChatDemo} runs {@link dev.channels.cdi.demo.ChatRoom}. */
package dev.channels.cdi.demo;
