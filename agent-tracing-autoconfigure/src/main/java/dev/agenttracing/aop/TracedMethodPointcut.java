package dev.agenttracing.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Matches the methods that carry an annotation, and optionally the public methods
 * declared in a type that carries it: what the AspectJ expressions
 * {@code execution(@A * *(..))} and {@code @within(A) && execution(public * *(..))} match
 * under Spring AOP, without AspectJ. The annotation is looked for on the most specific
 * method of the target class, directly (not as a meta-annotation), as AspectJ does; on
 * the invoked method too when the target is itself a JDK proxy. Classes whose methods
 * carry LangChain4j's {@code @Tool} never match (see {@link FrameworkToolClasses}).
 *
 * @author agent-tracing
 */
final class TracedMethodPointcut extends StaticMethodMatcherPointcut {

	private final Class<? extends Annotation> annotation;

	private final boolean publicMethodsOfAnnotatedTypes;

	TracedMethodPointcut(Class<? extends Annotation> annotation, boolean publicMethodsOfAnnotatedTypes) {
		this.annotation = annotation;
		this.publicMethodsOfAnnotatedTypes = publicMethodsOfAnnotatedTypes;
		// A LangChain4j tool class is left unproxied whatever else it carries: see
		// FrameworkToolClasses.
		setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, annotation)
				&& !FrameworkToolClasses.isLangChain4jToolClass(type));
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		if (specificMethod.isAnnotationPresent(this.annotation)) {
			return true;
		}
		return this.publicMethodsOfAnnotatedTypes && Modifier.isPublic(specificMethod.getModifiers())
				&& specificMethod.getDeclaringClass().isAnnotationPresent(this.annotation);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof TracedMethodPointcut that && this.annotation == that.annotation
				&& this.publicMethodsOfAnnotatedTypes == that.publicMethodsOfAnnotatedTypes);
	}

	@Override
	public int hashCode() {
		return this.annotation.hashCode() * 31 + Boolean.hashCode(this.publicMethodsOfAnnotatedTypes);
	}

	@Override
	public String toString() {
		return "TracedMethodPointcut[@" + this.annotation.getSimpleName()
				+ (this.publicMethodsOfAnnotatedTypes ? " on methods and types]" : " on methods]");
	}

}
