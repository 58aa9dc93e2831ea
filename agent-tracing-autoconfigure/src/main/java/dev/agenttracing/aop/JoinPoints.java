package dev.agenttracing.aop;

import java.lang.reflect.Method;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Reads the method and user class behind a join point.
 *
 * @author agent-tracing
 */
final class JoinPoints {

	private JoinPoints() {
	}

	static Method method(ProceedingJoinPoint pjp) {
		return ((MethodSignature) pjp.getSignature()).getMethod();
	}

	static Class<?> targetClass(ProceedingJoinPoint pjp) {
		Object target = pjp.getTarget();
		return (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: method(pjp).getDeclaringClass();
	}

}
