package dev.agenttracing.aop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.Pointcut;
import org.springframework.aop.aspectj.AspectJExpressionPointcut;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.annotation.Tool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisors' pointcuts match exactly the methods that the AspectJ expressions of the
 * former {@code @Aspect} classes matched, on types that put the annotations everywhere
 * they can go.
 *
 * @author agent-tracing
 */
class TracedMethodPointcutTests {

	private static final List<Class<?>> TYPES = List.of(Annotated.class, Overriding.class, Inheriting.class,
			Implementing.class, MetaAnnotated.class, AnnotatedType.class, SubOfAnnotatedType.class,
			InheritsFromAnnotatedType.class, AnnotatedTypeWithPlainSuperclass.class, ImplementsAnnotatedInterface.class,
			Generic.class, Proxy.getProxyClass(TracedMethodPointcutTests.class.getClassLoader(), WithAnnotations.class),
			String.class);

	@ParameterizedTest
	@ValueSource(strings = { "Tool", "LlmCall", "AgentRun" })
	void matchesWhatTheAspectJExpressionsMatched(String annotation) {
		Pointcut ours;
		List<String> expressions = new ArrayList<>();
		switch (annotation) {
			case "Tool" -> {
				ours = new TracedMethodPointcut(Tool.class, false);
				expressions.add("execution(@dev.agenttracing.annotation.Tool * *(..))");
			}
			case "LlmCall" -> {
				ours = new TracedMethodPointcut(LlmCall.class, false);
				expressions.add("execution(@dev.agenttracing.annotation.LlmCall * *(..))");
			}
			default -> {
				ours = new TracedMethodPointcut(AgentRun.class, true);
				expressions.add("execution(@dev.agenttracing.annotation.AgentRun * *(..))");
				expressions.add("@within(dev.agenttracing.annotation.AgentRun)"
						+ " && !@annotation(dev.agenttracing.annotation.AgentRun) && execution(public * *(..))");
			}
		}
		List<String> matched = new ArrayList<>();
		for (Class<?> type : TYPES) {
			for (Method method : methods(type)) {
				boolean aspectJ = expressions.stream()
					.anyMatch((expression) -> matches(aspectJ(expression), method, type));
				boolean advisor = matches(ours, method, type);
				assertThat(advisor).as("%s on %s", method, type.getSimpleName()).isEqualTo(aspectJ);
				if (advisor) {
					matched.add(type.getSimpleName() + "." + method.getName());
				}
			}
		}
		// As before: the annotation counts where it is written, on the executed method.
		assertThat(matched).contains("Annotated.direct", "Annotated.notPublic", "Inheriting.direct")
			.doesNotContain("Overriding.direct", "Implementing.fromInterface", "MetaAnnotated.composed",
					"Generic.value");
		if (annotation.equals("AgentRun")) {
			assertThat(matched).contains("AnnotatedType.open", "SubOfAnnotatedType.more")
				.doesNotContain("AnnotatedType.closed", "AnnotatedTypeWithPlainSuperclass.fromPlain",
						"ImplementsAnnotatedInterface.run");
		}
	}

	private static AspectJExpressionPointcut aspectJ(String expression) {
		AspectJExpressionPointcut pointcut = new AspectJExpressionPointcut();
		pointcut.setExpression(expression);
		return pointcut;
	}

	private static boolean matches(Pointcut pointcut, Method method, Class<?> type) {
		return pointcut.getClassFilter().matches(type) && pointcut.getMethodMatcher().matches(method, type);
	}

	// What AopUtils.canApply and a proxy ask about: the type's methods and those of its
	// interfaces.
	private static Set<Method> methods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>(List.of(ReflectionUtils.getAllDeclaredMethods(type)));
		for (Class<?> face : ClassUtils.getAllInterfacesForClassAsSet(type)) {
			methods.addAll(List.of(face.getMethods()));
		}
		return methods;
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@Tool
	@LlmCall
	@AgentRun
	@interface Composed {

	}

	interface WithAnnotations {

		@Tool
		@LlmCall
		@AgentRun
		String fromInterface();

	}

	static class Annotated {

		@Tool
		@LlmCall
		@AgentRun
		public String direct() {
			return "";
		}

		@Tool
		@LlmCall
		@AgentRun
		protected String notPublic() {
			return "";
		}

		@Tool
		@LlmCall
		@AgentRun
		String packagePrivate() {
			return "";
		}

		public String plain() {
			return "";
		}

	}

	static class Overriding extends Annotated {

		@Override
		public String direct() {
			return "";
		}

	}

	static class Inheriting extends Annotated {

	}

	static class Implementing implements WithAnnotations {

		@Override
		public String fromInterface() {
			return "";
		}

	}

	static class MetaAnnotated {

		@Composed
		public String composed() {
			return "";
		}

	}

	@AgentRun
	static class AnnotatedType {

		public String open() {
			return "";
		}

		String closed() {
			return "";
		}

		@AgentRun(name = "own")
		public String own() {
			return "";
		}

		@Override
		public String toString() {
			return "";
		}

	}

	static class SubOfAnnotatedType extends AnnotatedType {

		public String more() {
			return "";
		}

	}

	static class InheritsFromAnnotatedType extends AnnotatedType {

	}

	static class Plain {

		public String fromPlain() {
			return "";
		}

	}

	@AgentRun
	static class AnnotatedTypeWithPlainSuperclass extends Plain {

	}

	@AgentRun
	interface AnnotatedInterface {

		String run();

	}

	static class ImplementsAnnotatedInterface implements AnnotatedInterface {

		@Override
		public String run() {
			return "";
		}

	}

	static class GenericBase<T> {

		@Tool
		@LlmCall
		@AgentRun
		public T value(T value) {
			return value;
		}

	}

	static class Generic extends GenericBase<String> {

		@Override
		public String value(String value) {
			return value;
		}

	}

}
