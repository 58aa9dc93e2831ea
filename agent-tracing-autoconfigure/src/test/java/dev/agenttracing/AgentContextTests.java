package dev.agenttracing;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How {@link AgentContext} scopes nest.
 */
class AgentContextTests {

	@Test
	void emptyOutsideAnyScopeAndRestoredWhenTheScopeCloses() {
		assertThat(AgentContext.current()).isSameAs(AgentContext.EMPTY);
		try (Scope scope = AgentContext.builder().userId("u").makeCurrent()) {
			assertThat(AgentContext.current().userId()).isEqualTo("u");
		}
		assertThat(AgentContext.current()).isSameAs(AgentContext.EMPTY);
	}

	@Test
	void innerScopesAppendTagsAndOverwriteMetadata() {
		try (Scope outer = AgentContext.builder()
			.userId("u")
			.tag("beta", "web")
			.metadata("tier", "gold")
			.metadata("region", "eu")
			.makeCurrent()) {
			try (Scope inner = AgentContext.builder().tag("web", "retry").metadata("tier", "platinum").makeCurrent()) {
				AgentContext current = AgentContext.current();
				assertThat(current.userId()).isEqualTo("u");
				assertThat(current.tags()).containsExactly("beta", "web", "retry");
				assertThat(current.metadata()).containsExactly(Map.entry("tier", "platinum"),
						Map.entry("region", "eu"));
			}
			assertThat(AgentContext.current().tags()).containsExactly("beta", "web");
			assertThat(AgentContext.current().metadata()).containsEntry("tier", "gold");
		}
	}

	@Test
	void idsSetByAnEnclosingScopeAreReserved() {
		try (Scope outer = AgentContext.builder().userId("alice").sessionId("s1").conversationId("c1").makeCurrent()) {
			try (Scope inner = AgentContext.builder()
				.userId("mallory")
				.sessionId("s2")
				.conversationId("c2")
				.makeCurrent()) {
				AgentContext current = AgentContext.current();
				assertThat(current.userId()).isEqualTo("alice");
				assertThat(current.sessionId()).isEqualTo("s1");
				assertThat(current.conversationId()).isEqualTo("c1");
			}
		}
		try (Scope outer = AgentContext.builder().userId("alice").makeCurrent()) {
			try (Scope inner = AgentContext.builder().sessionId("s2").makeCurrent()) {
				assertThat(AgentContext.current().sessionId()).isEqualTo("s2");
			}
		}
	}

	@Test
	void metadataCannotUseTheNamesOfTheIds() {
		for (String key : List.of("user.id", "session.id", "gen_ai.conversation.id", "USER_ID", "tags")) {
			assertThatIllegalArgumentException().isThrownBy(() -> AgentContext.builder().metadata(key, "x"))
				.withMessageContaining("'" + key + "' is reserved");
		}
	}

	@Test
	void tagsAndMetadataAreBounded() {
		AgentContextBuilder builder = AgentContext.builder();
		IntStream.range(0, 100).forEach((i) -> builder.tag("t" + i).metadata("k" + i, "v"));
		AgentContext context = builder.build();
		assertThat(context.tags()).hasSize(AgentContext.MAX_TAGS);
		assertThat(context.metadata()).hasSize(AgentContext.MAX_METADATA);
	}

	@Test
	void travelsWithTheOpenTelemetryContext() throws Exception {
		Context captured;
		try (Scope scope = AgentContext.builder().userId("u").makeCurrent()) {
			captured = Context.current();
		}
		String[] seen = new String[1];
		Runnable read = () -> seen[0] = AgentContext.current().userId();
		Thread thread = new Thread(captured.wrap(read));
		thread.start();
		thread.join();
		assertThat(seen[0]).isEqualTo("u");
	}

	@Test
	void spanAttributesAreComputedOncePerRedaction() {
		int[] calls = new int[1];
		Function<String, String> redaction = (value) -> {
			calls[0]++;
			return value.toUpperCase();
		};
		AgentContext context = AgentContext.builder().userId("u").sessionId("s").tag("t").metadata("k", "v").build();
		assertThat(context.runAttributes(redaction).get(GenAiAttributes.USER_ID)).isEqualTo("U");
		assertThat(context.identityAttributes(redaction).asMap()).hasSize(2);
		context.runAttributes(redaction);
		assertThat(calls[0]).isEqualTo(4);
	}

	@Test
	void toStringNeverShowsValues() {
		AgentContext context = AgentContext.builder().userId("jane").metadata("plan", "secret").build();
		assertThat(context.toString()).doesNotContain("jane").doesNotContain("secret").contains("plan");
	}

}
