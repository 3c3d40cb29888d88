/**
 * Test-JVM helpers shared by every container test: the ShrinkWrap deployment of the sample
 * application, turning Arquillian's HTTP base URL into WebSocket URIs, and a recording WebSocket
 * client on Tyrus. Nothing here is deployed into a container.
 */
package dev.channels.it.support;
