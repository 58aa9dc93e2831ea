package dev.agenttracing.mcp.internal;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpTransportSession;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.support.TracingFaults;

/**
 * Reads the two values the MCP Java SDK's HTTP client transports keep private: the
 * server's base URI ({@code server.address}, {@code server.port}) and, for streamable
 * HTTP, the session id the server assigned ({@code mcp.session.id}). The SDK 2.2.0 has no
 * public accessor for either. This is the only class that reads SDK internals;
 * {@code SdkTransportInternalsTests} fails when the fields move, and every failure here
 * only leaves the attribute out.
 *
 * @author agent-tracing
 */
public final class SdkTransportInternals {

	private static final @Nullable Field STREAMABLE_BASE_URI = field(HttpClientStreamableHttpTransport.class,
			"baseUri");

	private static final @Nullable Field STREAMABLE_SESSION = field(HttpClientStreamableHttpTransport.class,
			"activeSession");

	private static final @Nullable Field SSE_BASE_URI = field(HttpClientSseClientTransport.class, "baseUri");

	private SdkTransportInternals() {
	}

	/**
	 * Whether every field this adapter reads is where it expects it.
	 * @return {@code true} when the SDK matches
	 */
	public static boolean isSupported() {
		return STREAMABLE_BASE_URI != null && STREAMABLE_SESSION != null && SSE_BASE_URI != null;
	}

	/**
	 * The server's base URI of an SDK HTTP transport.
	 * @param transport the transport
	 * @return the URI, or {@code null} for another transport or when it cannot be read
	 */
	public static @Nullable URI baseUri(McpClientTransport transport) {
		Field field = (transport instanceof HttpClientStreamableHttpTransport) ? STREAMABLE_BASE_URI
				: (transport instanceof HttpClientSseClientTransport) ? SSE_BASE_URI : null;
		return (field != null && get(field, transport) instanceof URI uri) ? uri : null;
	}

	/**
	 * The session id the server assigned to a streamable HTTP transport's session.
	 * @param transport the transport
	 * @return the session id, or {@code null} before the server assigned one, for another
	 * transport, or when it cannot be read
	 */
	public static @Nullable String sessionId(McpClientTransport transport) {
		if (!(transport instanceof HttpClientStreamableHttpTransport) || STREAMABLE_SESSION == null) {
			return null;
		}
		if (get(STREAMABLE_SESSION, transport) instanceof AtomicReference<?> reference
				&& reference.get() instanceof McpTransportSession<?> session) {
			Optional<String> id = session.sessionId();
			return id.orElse(null);
		}
		return null;
	}

	private static @Nullable Object get(Field field, Object target) {
		try {
			return field.get(target);
		}
		catch (Throwable ex) {
			TracingFaults.report("reading " + field.getName() + " of an MCP SDK transport", ex);
			return null;
		}
	}

	private static @Nullable Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (Throwable ex) {
			TracingFaults.notice("mcp-sdk-internals", "The MCP SDK's " + type.getSimpleName() + " has no field '" + name
					+ "' any more: MCP client spans go without server.address/port or mcp.session.id");
			return null;
		}
	}

}
