package dev.agenttracing.benchmarks;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

import dev.agenttracing.annotation.Tool;

/**
 * An advisor whose advice only proceeds, on the {@code @Tool} methods: the baseline (case
 * 1) is the tool called through the very proxy machinery that tracing uses (a Spring AOP
 * advisor with a plain {@link MethodInterceptor}), with nothing done around the call.
 *
 * @author agent-tracing
 */
public class PassThroughAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut = AnnotationMatchingPointcut.forMethodAnnotation(Tool.class);

	private final MethodInterceptor advice = (invocation) -> invocation.proceed();

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

}
