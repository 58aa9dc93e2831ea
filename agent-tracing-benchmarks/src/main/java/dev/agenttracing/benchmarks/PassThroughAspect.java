package dev.agenttracing.benchmarks;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;

/**
 * Advice that only proceeds, on the same pointcut as the {@code @Tool} aspect: the baseline
 * (case 1) is the tool called through the very proxy and join point machinery that tracing
 * uses, with nothing done around the call.
 *
 * @author agent-tracing
 */
@Aspect
public class PassThroughAspect {

	@Around("execution(@dev.agenttracing.annotation.Tool * *(..))")
	public @Nullable Object proceed(ProceedingJoinPoint pjp) throws Throwable {
		return pjp.proceed();
	}

}
