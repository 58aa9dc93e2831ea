package dev.agenttracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Who and what an agent run is for: user, session and conversation ids, tags and metadata. It
 * lives in the OpenTelemetry {@link Context}, so it follows the run wherever the context goes
 * (threads, executors, reactive pipelines) and never leaks into another run.
 * <p>
 * Open a scope with try-with-resources; it ends when the block ends:
 * <pre class="code">
 * try (Scope scope = AgentContext.builder().userId(user).sessionId(session).tag("beta").makeCurrent()) {
 *     return tripPlanner.plan(request);
 * }
 * </pre>
 * The {@code invoke_agent} span carries everything ({@code user.id}, {@code session.id},
 * {@code gen_ai.conversation.id}, {@code agent_tracing.tags}, {@code agent_tracing.metadata.*});
 * every other span started while it is current (tools, LLM calls, Spring's HTTP client spans)
 * carries the three ids, so a backend can filter any span by user.
 * <p>
 * Scopes nest. An inner scope appends its tags and its metadata wins over the outer one's for
 * the same key, but the three ids are reserved: once an enclosing scope has set one, an inner
 * scope cannot change it (the outer value stays and a warning is logged once), and metadata
 * cannot use their names. Values are redacted like content before they reach a span.
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

	// Metadata may not shadow the ids under another spelling.
	private static final Set<String> RESERVED_METADATA_KEYS = Set.of("user.id", "user_id", "userid", "session.id",
			"session_id", "sessionid", "conversation.id", "conversation_id", "conversationid", "gen_ai.conversation.id",
			"tags");

	private final @Nullable String userId;

	private final @Nullable String sessionId;

	private final @Nullable String conversationId;

	private final List<String> tags;

	private final Map<String, String> metadata;

	/** Span attributes made with one redaction, computed once per context and redaction. */
	private volatile @Nullable SpanAttributes spanAttributes;

	private AgentContext(@Nullable String userId, @Nullable String sessionId, @Nullable String conversationId,
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
	 * Start describing a scope; {@link Builder#makeCurrent()} layers it over the current
	 * context.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
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
	 * This context with the conversation id set, unless an enclosing scope has set another
	 * one: the ids are reserved.
	 * @param conversationId the conversation id, or {@code null} for no change
	 * @return the resulting context
	 */
	AgentContext withConversationId(@Nullable String conversationId) {
		if (!StringUtils.hasText(conversationId)) {
			return this;
		}
		return new Builder().conversationId(conversationId).layerOver(this);
	}

	/** {@code user.id}, {@code session.id} and {@code gen_ai.conversation.id}, redacted. */
	Attributes identityAttributes(Function<String, @Nullable String> redaction) {
		return spanAttributes(redaction).identity();
	}

	/** Everything, for the {@code invoke_agent} span, redacted. */
	Attributes runAttributes(Function<String, @Nullable String> redaction) {
		return spanAttributes(redaction).run();
	}

	private SpanAttributes spanAttributes(Function<String, @Nullable String> redaction) {
		SpanAttributes attributes = this.spanAttributes;
		if (attributes == null || attributes.redaction() != redaction) {
			attributes = SpanAttributes.of(this, redaction);
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

	/**
	 * Describes one scope of an {@link AgentContext}. Nothing changes until
	 * {@link #makeCurrent()}.
	 */
	public static final class Builder {

		private @Nullable String userId;

		private @Nullable String sessionId;

		private @Nullable String conversationId;

		private final List<String> tags = new ArrayList<>();

		private final Map<String, String> metadata = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * The user the run acts for ({@code user.id}).
		 * @param userId the user id; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.userId = textOrNull(userId);
			return this;
		}

		/**
		 * The session ({@code session.id}).
		 * @param sessionId the session id; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = textOrNull(sessionId);
			return this;
		}

		/**
		 * The conversation or thread ({@code gen_ai.conversation.id}). Use an id the
		 * application already has; the conventions ask not to invent one.
		 * @param conversationId the conversation id; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder conversationId(@Nullable String conversationId) {
			this.conversationId = textOrNull(conversationId);
			return this;
		}

		/**
		 * Add tags, appended to those of enclosing scopes.
		 * @param tags the tags; empty ones are ignored
		 * @return this builder
		 */
		public Builder tag(String... tags) {
			return tags(List.of(tags));
		}

		/**
		 * Add tags, appended to those of enclosing scopes.
		 * @param tags the tags; empty ones are ignored
		 * @return this builder
		 */
		public Builder tags(Collection<String> tags) {
			for (String tag : tags) {
				if (StringUtils.hasText(tag)) {
					this.tags.add(tag);
				}
			}
			return this;
		}

		/**
		 * Add a metadata entry; it replaces an enclosing scope's value for the same key.
		 * @param key the key, recorded as {@code agent_tracing.metadata.<key>}
		 * @param value the value
		 * @return this builder
		 * @throws IllegalArgumentException if the key is empty or names one of the ids
		 */
		public Builder metadata(String key, String value) {
			Assert.hasText(key, "Metadata key must not be empty");
			Assert.notNull(value, "Metadata value must not be null");
			Assert.isTrue(!RESERVED_METADATA_KEYS.contains(key.toLowerCase(java.util.Locale.ROOT)),
					() -> "Metadata key '" + key + "' is reserved: set the id with userId, sessionId or"
							+ " conversationId instead");
			this.metadata.put(key, value);
			return this;
		}

		/**
		 * Add metadata entries; see {@link #metadata(String, String)}.
		 * @param metadata the entries
		 * @return this builder
		 */
		public Builder metadata(Map<String, String> metadata) {
			metadata.forEach(this::metadata);
			return this;
		}

		/**
		 * The context this scope would make current: this builder layered over the current
		 * agent context.
		 * @return the resulting agent context
		 */
		public AgentContext build() {
			return layerOver(AgentContext.current());
		}

		/**
		 * Make this scope current until the returned scope is closed.
		 * @return the scope to close, ideally with try-with-resources
		 */
		public Scope makeCurrent() {
			return build().makeCurrent();
		}

		AgentContext layerOver(AgentContext outer) {
			String user = reserved("user id", outer.userId, this.userId);
			String session = reserved("session id", outer.sessionId, this.sessionId);
			String conversation = reserved("conversation id", outer.conversationId, this.conversationId);
			List<String> mergedTags = outer.tags;
			if (!this.tags.isEmpty()) {
				Set<String> tags = new LinkedHashSet<>(outer.tags);
				for (String tag : this.tags) {
					if (tags.size() >= MAX_TAGS) {
						TracingFaults.notice("agent-context-tags", "An AgentContext has more than " + MAX_TAGS
								+ " tags; further tags are ignored");
						break;
					}
					tags.add(tag);
				}
				mergedTags = List.copyOf(tags);
			}
			Map<String, String> mergedMetadata = outer.metadata;
			if (!this.metadata.isEmpty()) {
				Map<String, String> metadata = new LinkedHashMap<>(outer.metadata);
				for (Map.Entry<String, String> entry : this.metadata.entrySet()) {
					if (metadata.size() >= MAX_METADATA && !metadata.containsKey(entry.getKey())) {
						TracingFaults.notice("agent-context-metadata", "An AgentContext has more than "
								+ MAX_METADATA + " metadata entries; further entries are ignored");
						break;
					}
					metadata.put(entry.getKey(), entry.getValue());
				}
				mergedMetadata = Collections.unmodifiableMap(metadata);
			}
			if (user == outer.userId && session == outer.sessionId && conversation == outer.conversationId
					&& mergedTags == outer.tags && mergedMetadata == outer.metadata) {
				return outer;
			}
			return new AgentContext(user, session, conversation, mergedTags, mergedMetadata);
		}

		private static @Nullable String reserved(String name, @Nullable String outer, @Nullable String inner) {
			if (outer == null) {
				return inner;
			}
			if (inner != null && !inner.equals(outer)) {
				TracingFaults.notice("agent-context-" + name, "An AgentContext scope tried to change the " + name
						+ " set by an enclosing scope; the ids are reserved, so the enclosing value is kept");
			}
			return outer;
		}

		private static @Nullable String textOrNull(@Nullable String value) {
			return StringUtils.hasText(value) ? value : null;
		}

	}

	/** The span attributes of one context under one redaction. */
	private record SpanAttributes(Function<String, @Nullable String> redaction, Attributes identity,
			Attributes run) {

		static SpanAttributes of(AgentContext context, Function<String, @Nullable String> redaction) {
			AttributesBuilder identity = Attributes.builder();
			put(identity, GenAiAttributes.USER_ID, context.userId, redaction);
			put(identity, GenAiAttributes.SESSION_ID, context.sessionId, redaction);
			put(identity, GenAiAttributes.CONVERSATION_ID, context.conversationId, redaction);
			Attributes identityAttributes = identity.build();
			AttributesBuilder run = identityAttributes.toBuilder();
			if (!context.tags.isEmpty()) {
				List<String> tags = new ArrayList<>(context.tags.size());
				for (String tag : context.tags) {
					String redacted = redaction.apply(tag);
					if (redacted != null) {
						tags.add(redacted);
					}
				}
				run.put(GenAiAttributes.TAGS, tags);
			}
			context.metadata.forEach((key, value) -> put(run, GenAiAttributes.metadata(key), value, redaction));
			return new SpanAttributes(redaction, identityAttributes, run.build());
		}

		private static void put(AttributesBuilder builder, io.opentelemetry.api.common.AttributeKey<String> key,
				@Nullable String value, Function<String, @Nullable String> redaction) {
			if (value != null) {
				String redacted = redaction.apply(value);
				if (redacted != null) {
					builder.put(key, redacted);
				}
			}
		}

	}

}
