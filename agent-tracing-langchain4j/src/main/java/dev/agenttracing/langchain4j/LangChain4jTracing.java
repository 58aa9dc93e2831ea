package dev.agenttracing.langchain4j;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.AgentTracer;

/**
 * The tracer that LangChain4j's AI services report to. LangChain4j creates the context of
 * every AI service through a {@code ServiceLoader} extension point
 * ({@code AiServiceContextFactory}), before any Spring bean of the application can be
 * handed to it, so the AI services find the tracer here when they are called. The
 * auto-configuration installs Boot's {@link AgentTracer} at startup and removes it at
 * shutdown; an application without Spring installs its own:
 *
 * <pre class="code">
 * LangChain4jTracing tracing = LangChain4jTracing.install(agentTracer);
 * ...
 * tracing.close();
 * </pre>
 *
 * AI services are made traceable when they are built: one built while no tracer is
 * installed (nor {@link #expect() expected}) gets LangChain4j's own plain context and is
 * never traced, so install the tracer before building AI services. With no tracer
 * installed, AI services run exactly as without agent-tracing.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class LangChain4jTracing implements AutoCloseable {

	private static final AtomicReference<@Nullable LangChain4jTracing> installed = new AtomicReference<>();

	private static final AtomicInteger expectations = new AtomicInteger();

	private final AgentTracer agentTracer;

	private final Map<String, String> agentNames;

	private LangChain4jTracing(AgentTracer agentTracer, Map<String, String> agentNames) {
		this.agentTracer = agentTracer;
		this.agentNames = Map.copyOf(agentNames);
	}

	/**
	 * Make AI services report to the given tracer from now on, replacing the one
	 * installed before.
	 * @param agentTracer the tracer
	 * @return the installation; {@link #close() closing} it uninstalls the tracer unless
	 * another one has been installed since
	 */
	public static LangChain4jTracing install(AgentTracer agentTracer) {
		return install(agentTracer, Map.of());
	}

	/**
	 * Make AI services report to the given tracer from now on, replacing the one
	 * installed before, with the agent names of some AI service interfaces.
	 * @param agentTracer the tracer
	 * @param agentNames agent names by the fully qualified name of the AI service
	 * interface (nested interfaces with '.' before their own name); others are named by
	 * {@code @AgentRun(name)}, langchain4j-agentic's {@code @Agent(name)} or their simple
	 * name
	 * @return the installation; {@link #close() closing} it uninstalls the tracer unless
	 * another one has been installed since
	 */
	public static LangChain4jTracing install(AgentTracer agentTracer, Map<String, String> agentNames) {
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		Assert.notNull(agentNames, "'agentNames' must not be null");
		LangChain4jTracing tracing = new LangChain4jTracing(agentTracer, agentNames);
		installed.set(tracing);
		return tracing;
	}

	/**
	 * The tracer AI services report to now.
	 * @return the installed tracer, or {@code null} when none is
	 */
	static @Nullable AgentTracer current() {
		LangChain4jTracing tracing = installed.get();
		return (tracing != null) ? tracing.agentTracer : null;
	}

	/**
	 * The agent names configured for AI service interfaces now.
	 * @return the names by interface name, empty when no tracer is installed
	 */
	static Map<String, String> agentNames() {
		LangChain4jTracing tracing = installed.get();
		return (tracing != null) ? tracing.agentNames : Map.of();
	}

	/**
	 * Announce that a tracer will be installed, so that AI services built from now on are
	 * built traceable even before it is. The auto-configuration announces it before any
	 * bean is created, because an application's AI service beans may be built before the
	 * tracer.
	 * @return the expectation; closing it withdraws it
	 */
	public static Expectation expect() {
		expectations.incrementAndGet();
		AtomicInteger once = new AtomicInteger();
		return () -> {
			if (once.getAndIncrement() == 0) {
				expectations.decrementAndGet();
			}
		};
	}

	/**
	 * Whether AI services built now should be built traceable.
	 * @return whether a tracer is installed or expected
	 */
	static boolean active() {
		return installed.get() != null || expectations.get() > 0;
	}

	/**
	 * The tracer of this installation.
	 * @return the tracer
	 */
	public AgentTracer getAgentTracer() {
		return this.agentTracer;
	}

	@Override
	public void close() {
		installed.compareAndSet(this, null);
	}

	/**
	 * A tracer {@link #expect() announced} to AI services built from now on.
	 */
	public interface Expectation extends AutoCloseable {

		/**
		 * Withdraw the announcement (once; closing again does nothing).
		 */
		@Override
		void close();

	}

}
