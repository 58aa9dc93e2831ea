package dev.agenttracing.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accessor on its own registry: what snapshots capture, restore and leave alone.
 */
class OpenTelemetryContextThreadLocalAccessorTests {

	private static final ContextKey<String> RUN = ContextKey.named("test.run");

	private final ContextRegistry registry = new ContextRegistry().loadContextAccessors()
		.registerThreadLocalAccessor(new OpenTelemetryContextThreadLocalAccessor());

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void rootContextIsNotCaptured() {
		assertThat(new OpenTelemetryContextThreadLocalAccessor().getValue()).isNull();
		assertThat(snapshots(false).captureAll().updateContext(reactor.util.context.Context.empty()).isEmpty())
			.isTrue();
	}

	@Test
	void capturedContextIsCurrentInTheTaskAndGoneAfterIt() throws Exception {
		ContextSnapshot snapshot;
		try (Scope scope = Context.current().with(RUN, "planner").makeCurrent()) {
			snapshot = snapshots(false).captureAll();
		}
		AtomicReference<String> seen = new AtomicReference<>();
		CompletableFuture.runAsync(snapshot.wrap(() -> seen.set(Context.current().get(RUN))), this.executor).get();
		assertThat(seen.get()).isEqualTo("planner");
		assertThat(CompletableFuture.supplyAsync(() -> Context.current().get(RUN), this.executor).get())
			.as("the pooled thread keeps nothing")
			.isNull();
	}

	@Test
	void nestedRestoresUnwindInOrder() {
		ContextSnapshotFactory snapshots = snapshots(false);
		ContextSnapshot outer;
		ContextSnapshot inner;
		try (Scope scope = Context.current().with(RUN, "outer").makeCurrent()) {
			outer = snapshots.captureAll();
		}
		try (Scope scope = Context.current().with(RUN, "inner").makeCurrent()) {
			inner = snapshots.captureAll();
		}
		try (ContextSnapshot.Scope first = outer.setThreadLocals()) {
			assertThat(Context.current().get(RUN)).isEqualTo("outer");
			try (ContextSnapshot.Scope second = inner.setThreadLocals()) {
				assertThat(Context.current().get(RUN)).isEqualTo("inner");
			}
			assertThat(Context.current().get(RUN)).isEqualTo("outer");
		}
		assertThat(Context.current()).isSameAs(Context.root());
	}

	@Test
	void snapshotWithoutTheKeyLeavesTheCurrentContextAlone() {
		// As Reactor restores with automatic propagation (clearMissing) from a Reactor
		// context
		// that holds only an observation: the context the observation restored stays
		// current.
		try (Scope scope = Context.current().with(RUN, "request").makeCurrent();
				ContextSnapshot.Scope restored = snapshots(true)
					.setThreadLocalsFrom(reactor.util.context.Context.empty())) {
			assertThat(Context.current().get(RUN)).isEqualTo("request");
		}
	}

	private ContextSnapshotFactory snapshots(boolean clearMissing) {
		return ContextSnapshotFactory.builder().contextRegistry(this.registry).clearMissing(clearMissing).build();
	}

}
