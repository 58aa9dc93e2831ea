package dev.agenttracing.mcp;

import java.util.List;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.agenttracing.support.TracingFaults;

/**
 * A server transport provider that hands every session it opens a transport that sees
 * what the server sends: the response to each request ends the request's SERVER span,
 * begun where the request came in (the stdio input, the HTTP filter). Everything else is
 * the delegate's.
 *
 * @author agent-tracing
 */
final class TracingMcpServerTransportProvider implements McpServerTransportProvider {

	private final McpServerTransportProvider delegate;

	private final McpTracing tracing;

	// The one session of a stdio provider, fed by its input; null for HTTP.
	private final @Nullable McpServerSessionCalls stdioCalls;

	TracingMcpServerTransportProvider(McpServerTransportProvider delegate, McpTracing tracing,
			@Nullable McpServerSessionCalls stdioCalls) {
		this.delegate = delegate;
		this.tracing = tracing;
		this.stdioCalls = stdioCalls;
	}

	McpServerTransportProvider delegate() {
		return this.delegate;
	}

	@Override
	public void setSessionFactory(McpServerSession.Factory sessionFactory) {
		this.delegate.setSessionFactory((transport) -> {
			TracingSessionTransport traced = new TracingSessionTransport(transport, this.stdioCalls);
			McpServerSession session = sessionFactory.create(traced);
			traced.opened(session.getId());
			return session;
		});
	}

	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return this.delegate.notifyClients(method, params);
	}

	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.delegate.notifyClient(sessionId, method, params);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public Mono<Void> closeGracefully() {
		return this.delegate.closeGracefully();
	}

	@Override
	public List<String> protocolVersions() {
		return this.delegate.protocolVersions();
	}

	private final class TracingSessionTransport implements McpServerTransport {

		private final McpServerTransport delegate;

		private volatile @Nullable McpServerSessionCalls calls;

		private volatile @Nullable String sessionId;

		TracingSessionTransport(McpServerTransport delegate, @Nullable McpServerSessionCalls calls) {
			this.delegate = delegate;
			this.calls = calls;
		}

		void opened(String sessionId) {
			this.sessionId = sessionId;
			McpServerSessionCalls calls = this.calls;
			if (calls != null) {
				TracingMcpServerTransportProvider.this.tracing.serverSessions().register(sessionId, calls);
			}
		}

		@Override
		public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
			try {
				McpServerSessionCalls calls = calls(message);
				if (calls != null) {
					calls.sending(message);
				}
			}
			catch (Throwable ex) {
				TracingFaults.report("ending an MCP server span", ex);
			}
			return this.delegate.sendMessage(message);
		}

		// Over HTTP the calls are learnt from the request whose response goes out on its
		// thread, or, where the response goes out on another (WebFlux), from the session
		// id on the wire when it is the server session's own.
		private @Nullable McpServerSessionCalls calls(McpSchema.JSONRPCMessage message) {
			McpServerSessionCalls calls = this.calls;
			String sessionId = this.sessionId;
			if (calls == null && sessionId != null && message instanceof McpSchema.JSONRPCResponse response) {
				calls = McpServerSessions.handling();
				if (calls == null) {
					calls = TracingMcpServerTransportProvider.this.tracing.serverSessions().httpSession(sessionId);
				}
				if (calls != null && calls.awaits(response.id())) {
					this.calls = calls;
					TracingMcpServerTransportProvider.this.tracing.serverSessions().register(sessionId, calls);
				}
				else {
					calls = null;
				}
			}
			return calls;
		}

		@Override
		public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
			return this.delegate.unmarshalFrom(data, typeRef);
		}

		@Override
		public Mono<Void> closeGracefully() {
			return this.delegate.closeGracefully().doFinally((signal) -> closed());
		}

		@Override
		public void close() {
			try {
				this.delegate.close();
			}
			finally {
				closed();
			}
		}

		@Override
		public List<String> protocolVersions() {
			return this.delegate.protocolVersions();
		}

		private void closed() {
			try {
				McpServerSessionCalls calls = this.calls;
				String sessionId = this.sessionId;
				if (calls != null) {
					calls.closed();
					if (sessionId != null) {
						TracingMcpServerTransportProvider.this.tracing.serverSessions().remove(sessionId, calls);
					}
				}
			}
			catch (Throwable ex) {
				TracingFaults.report("closing an MCP server session's spans", ex);
			}
		}

	}

}
