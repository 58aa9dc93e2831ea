package dev.agenttracing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * Who and what an agent run is for: user, session and conversation ids, tags and
 * metadata. It lives in the OpenTelemetry {@link Context}, so it follows the run wherever
 * the context goes (threads, executors, reactive pipelines) and never leaks into another
 * run.
 * <p>
 * Open a scope with try-with-resources; it ends when the block ends: <pre class="code">
 * try (Scope scope = AgentContext.builder().userId(user).sessionId(session).tag("beta").makeCurrent()) {
 *     return tripPlanner.plan(request);
 * }
 * </pre> The {@code invoke_agent} span carries everything ({@code user.id},
 * {@code session.id}, {@code gen_ai.conversation.id}, {@code agent_tracing.tags},
 * {@code agent_tracing.metadata.*}); every other span started while it is current (tools,
 * LLM calls, Spring's HTTP client spans) carries the three ids, so a backend can filter
 * any span by user.
 * <p>
 * Scopes nest. An inner scope appends its tags and its metadata wins over the outer one's
 * for the same key, but the three ids are reserved: once an enclosing scope has set one,
 * an inner scope cannot change it (the outer value stays and a warning is logged once),
 * and metadata cannot use their names. Values are redacted like content before they reach
 * a span.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentContext implements ImplicitContextKeyed {

	/** At most this many tags are kept; more are ignored. */
	public static final int MAX_TAGS = 64;

	/** At most this many metadata entries are kept; more are ignored. */
	public static final int MAX_METADATA = 64;

	/** The context when no scope is open. */
	public static final AgentContext EMPTY = new AgentContext(null, null, null, List.of(), Map.of());

	private static final ContextKey<AgentContext> KEY = ContextKey.named("dev.agenttracing.agent-context");

	private final @Nullable String userId;

	private final @Nullable String sessionId;

	private final @Nullable String conversationId;

	private final List<String> tags;

	private final Map<String, String> metadata;

	/**
	 * Span attributes made with one redaction, computed once per context and redaction.
	 */
	private volatile @Nullable AgentContextAttributes spanAttributes;

	AgentContext(@Nullable String userId, @Nullable String sessionId, @Nullable String conversationId,
			List<String> tags, Map<String, String> metadata) {
		this.userId = userId;
		this.sessionId = sessionId;
		this.conversationId = conversationId;
		this.tags = tags;
		this.metadata = metadata;
	}

	/**
	 * The agent context of the current OpenTelemetry context.
	 * @return the current agent context, {@link #EMPTY} when no scope is open
	 */
	public static AgentContext current() {
		return fromContext(Context.current());
	}

	/**
	 * The agent context stored in the given OpenTelemetry context.
	 * @param context the OpenTelemetry context
	 * @return its agent context, {@link #EMPTY} when it has none
	 */
	public static AgentContext fromContext(Context context) {
		AgentContext agentContext = context.get(KEY);
		return (agentContext != null) ? agentContext : EMPTY;
	}

	/**
	 * Start describing a scope; {@link AgentContextBuilder#makeCurrent()} layers it over
	 * the current context.
	 * @return a new builder
	 */
	public static AgentContextBuilder builder() {
		return new AgentContextBuilder();
	}

	/** The user the run acts for ({@code user.id}), or {@code null}. */
	public @Nullable String userId() {
		return this.userId;
	}

	/** The session ({@code session.id}), or {@code null}. */
	public @Nullable String sessionId() {
		return this.sessionId;
	}

	/** The conversation or thread ({@code gen_ai.conversation.id}), or {@code null}. */
	public @Nullable String conversationId() {
		return this.conversationId;
	}

	/** The tags, outer scopes' first, without duplicates. */
	public List<String> tags() {
		return this.tags;
	}

	/** The metadata, in insertion order. */
	public Map<String, String> metadata() {
		return this.metadata;
	}

	public boolean isEmpty() {
		return this == EMPTY || (this.userId == null && this.sessionId == null && this.conversationId == null
				&& this.tags.isEmpty() && this.metadata.isEmpty());
	}

	@Override
	public Context storeInContext(Context context) {
		return context.with(KEY, this);
	}

	/**
	 * This context with the conversation id set, unless an enclosing scope has set
	 * another one: the ids are reserved.
	 * @param conversationId the conversation id, or {@code null} for no change
	 * @return the resulting context
	 */
	AgentContext withConversationId(@Nullable String conversationId) {
		if (!StringUtils.hasText(conversationId)) {
			return this;
		}
		return new AgentContextBuilder().conversationId(conversationId).layerOver(this);
	}

	/**
	 * {@code user.id}, {@code session.id} and {@code gen_ai.conversation.id}, redacted.
	 */
	Attributes identityAttributes(Function<String, @Nullable String> redaction) {
		return spanAttributes(redaction).identity();
	}

	/** Everything, for the {@code invoke_agent} span, redacted. */
	Attributes runAttributes(Function<String, @Nullable String> redaction) {
		return spanAttributes(redaction).run();
	}

	private AgentContextAttributes spanAttributes(Function<String, @Nullable String> redaction) {
		AgentContextAttributes attributes = this.spanAttributes;
		if (attributes == null || attributes.redaction() != redaction) {
			attributes = AgentContextAttributes.of(this, redaction);
			this.spanAttributes = attributes;
		}
		return attributes;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof AgentContext that && Objects.equals(this.userId, that.userId)
				&& Objects.equals(this.sessionId, that.sessionId)
				&& Objects.equals(this.conversationId, that.conversationId) && this.tags.equals(that.tags)
				&& this.metadata.equals(that.metadata);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.userId, this.sessionId, this.conversationId, this.tags, this.metadata);
	}

	// Values are never printed: they identify people.
	@Override
	public String toString() {
		return "AgentContext[userId=" + present(this.userId) + ", sessionId=" + present(this.sessionId)
				+ ", conversationId=" + present(this.conversationId) + ", tags=" + this.tags.size() + ", metadata="
				+ this.metadata.keySet() + "]";
	}

	private static String present(@Nullable String value) {
		return (value != null) ? "<set>" : "<none>";
	}

}
