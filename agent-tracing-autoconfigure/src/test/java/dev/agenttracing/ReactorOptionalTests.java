package dev.agenttracing;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reactor and Micrometer's context-propagation are optional: on a class path without them
 * (not merely hidden from Spring's condition evaluation), {@link AgentTracer} loads and
 * traces plain, asynchronous and (with Reactor alone) reactive results.
 */
class ReactorOptionalTests {

	@Test
	void tracesWithoutReactorAndContextPropagationOnTheClassPath() throws Exception {
		ClassLoader original = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(
				classPathWithout("reactor-core", "reactive-streams", "context-propagation"),
				ClassLoader.getPlatformClassLoader())) {
			// Service loaders (OpenTelemetry's context storage) look in the context class
			// loader.
			Thread.currentThread().setContextClassLoader(loader);
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("reactor.core.publisher.Flux", false, loader));
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("io.micrometer.context.ContextRegistry", false, loader));

			Class<?> openTelemetry = loader.loadClass("io.opentelemetry.api.OpenTelemetry");
			Class<?> agentTracer = loader.loadClass(AgentTracer.class.getName());
			Class<?> spec = loader.loadClass(AgentRunSpec.class.getName());
			Class<?> callable = loader.loadClass(TracedCallable.class.getName());
			assertThat(agentTracer.getClassLoader()).isSameAs(loader);
			Object builder = agentTracer.getMethod("builder", openTelemetry)
				.invoke(null, openTelemetry.getMethod("noop").invoke(null));
			Object tracer = builder.getClass().getMethod("build").invoke(builder);
			Object named = spec.getMethod("named", String.class).invoke(null, "planner");
			Method agentRun = agentTracer.getMethod("agentRun", spec, callable);

			assertThat(agentRun.invoke(tracer, named, returning(callable, loader, "plan"))).isEqualTo("plan");
			CompletableFuture<String> future = CompletableFuture.completedFuture("later");
			assertThat(agentRun.invoke(tracer, named, returning(callable, loader, future))).isSameAs(future);

			Field reactorPresent = loader.loadClass(ResultCompletion.class.getName())
				.getDeclaredField("REACTOR_PRESENT");
			reactorPresent.setAccessible(true);
			assertThat(reactorPresent.getBoolean(null)).isFalse();
		}
		finally {
			Thread.currentThread().setContextClassLoader(original);
		}
	}

	@Test
	void tracesMonoWithoutContextPropagationOnTheClassPath() throws Exception {
		ClassLoader original = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(classPathWithout("context-propagation"),
				ClassLoader.getPlatformClassLoader())) {
			Thread.currentThread().setContextClassLoader(loader);
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("io.micrometer.context.ContextRegistry", false, loader));
			Class<?> openTelemetry = loader.loadClass("io.opentelemetry.api.OpenTelemetry");
			Class<?> agentTracer = loader.loadClass(AgentTracer.class.getName());
			Class<?> spec = loader.loadClass(AgentRunSpec.class.getName());
			Class<?> callable = loader.loadClass(TracedCallable.class.getName());
			Class<?> mono = loader.loadClass("reactor.core.publisher.Mono");
			Object builder = agentTracer.getMethod("builder", openTelemetry)
				.invoke(null, openTelemetry.getMethod("noop").invoke(null));
			Object tracer = builder.getClass().getMethod("build").invoke(builder);
			Object named = spec.getMethod("named", String.class).invoke(null, "planner");
			Object plan = mono.getMethod("just", Object.class).invoke(null, "plan");
			Object traced = agentTracer.getMethod("agentRun", spec, callable)
				.invoke(tracer, named, returning(callable, loader, plan));
			assertThat(traced).as("decorated by ReactiveCompletion").isNotSameAs(plan);
			assertThat(mono.getMethod("block").invoke(traced)).isEqualTo("plan");
		}
		finally {
			Thread.currentThread().setContextClassLoader(original);
		}
	}

	private static Object returning(Class<?> callable, ClassLoader loader, Object value) {
		return Proxy.newProxyInstance(loader, new Class<?>[] { callable },
				(proxy, method, args) -> method.getName().equals("call") ? value : null);
	}

	private static URL[] classPathWithout(String... artifacts) throws Exception {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			String name = new File(entry).getName();
			boolean excluded = false;
			for (String artifact : artifacts) {
				excluded |= name.startsWith(artifact + "-");
			}
			if (!excluded) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

}
