package dev.agenttracing.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;

/**
 * Checks the SpEL expressions of agent-tracing's annotations
 * ({@link AgentRun#conversationId()}, {@link LlmCall#provider()} and
 * {@link LlmCall#model()}) of every bean when it is created, so that an expression that
 * cannot work stops the application at startup, naming the method, instead of leaving
 * spans without the value.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TracingExpressionValidator implements BeanPostProcessor {

	private static final Set<Class<? extends Annotation>> ANNOTATIONS = Set.of(AgentRun.class, LlmCall.class);

	private final Set<Class<?>> checked = ConcurrentHashMap.newKeySet();

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		Class<?> targetClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		if (AnnotationUtils.isCandidateClass(targetClass, ANNOTATIONS) && this.checked.add(targetClass)) {
			check(targetClass);
		}
		return bean;
	}

	/**
	 * Check the expressions of every agent run and LLM call method of a class.
	 * @param targetClass the class
	 * @throws InvalidTracingExpressionException for the first expression that cannot work
	 */
	static void check(Class<?> targetClass) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass,
				ReflectionUtils.USER_DECLARED_METHODS)) {
			AgentRun annotation = AgentRunAspect.findAnnotation(method, targetClass);
			if (annotation != null && StringUtils.hasText(annotation.conversationId())) {
				AgentRunAspect.conversationIdOf(method, annotation, TracingAdvisor.parameterNamesOf(method));
			}
			if (AnnotatedElementUtils.hasAnnotation(method, LlmCall.class)) {
				LlmCallAspect.LlmCallMethod.of(method);
			}
		}
	}

}
