package dev.agenttracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Describes one scope of an {@link AgentContext}: {@code AgentContext.builder()}. Nothing
 * changes until {@link #makeCurrent()}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentContextBuilder {

	// Metadata may not shadow the ids under another spelling.
	private static final Set<String> RESERVED_METADATA_KEYS = Set.of("user.id", "user_id", "userid", "session.id",
			"session_id", "sessionid", "conversation.id", "conversation_id", "conversationid", "gen_ai.conversation.id",
			"tags");

	private @Nullable String userId;

	private @Nullable String sessionId;

	private @Nullable String conversationId;

	private final List<String> tags = new ArrayList<>();

	private final Map<String, String> metadata = new LinkedHashMap<>();

	AgentContextBuilder() {
	}

	/**
	 * The user the run acts for ({@code user.id}).
	 * @param userId the user id; {@code null} or empty for none
	 * @return this builder
	 */
	public AgentContextBuilder userId(@Nullable String userId) {
		this.userId = textOrNull(userId);
		return this;
	}

	/**
	 * The session ({@code session.id}).
	 * @param sessionId the session id; {@code null} or empty for none
	 * @return this builder
	 */
	public AgentContextBuilder sessionId(@Nullable String sessionId) {
		this.sessionId = textOrNull(sessionId);
		return this;
	}

	/**
	 * The conversation or thread ({@code gen_ai.conversation.id}). Use an id the
	 * application already has; the conventions ask not to invent one.
	 * @param conversationId the conversation id; {@code null} or empty for none
	 * @return this builder
	 */
	public AgentContextBuilder conversationId(@Nullable String conversationId) {
		this.conversationId = textOrNull(conversationId);
		return this;
	}

	/**
	 * Add tags, appended to those of enclosing scopes.
	 * @param tags the tags; empty ones are ignored
	 * @return this builder
	 */
	public AgentContextBuilder tag(String... tags) {
		return tags(List.of(tags));
	}

	/**
	 * Add tags, appended to those of enclosing scopes.
	 * @param tags the tags; empty ones are ignored
	 * @return this builder
	 */
	public AgentContextBuilder tags(Collection<String> tags) {
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
	public AgentContextBuilder metadata(String key, String value) {
		Assert.hasText(key, "Metadata key must not be empty");
		Assert.notNull(value, "Metadata value must not be null");
		Assert.isTrue(!RESERVED_METADATA_KEYS.contains(key.toLowerCase(Locale.ROOT)), () -> "Metadata key '" + key
				+ "' is reserved: set the id with userId, sessionId or" + " conversationId instead");
		this.metadata.put(key, value);
		return this;
	}

	/**
	 * Add metadata entries; see {@link #metadata(String, String)}.
	 * @param metadata the entries
	 * @return this builder
	 */
	public AgentContextBuilder metadata(Map<String, String> metadata) {
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
		return AgentContextLayering.layer(outer, this.userId, this.sessionId, this.conversationId, this.tags,
				this.metadata);
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
