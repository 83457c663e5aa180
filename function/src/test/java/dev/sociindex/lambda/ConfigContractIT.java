package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.MetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration contract between the synthesized stack and the deployed function: every variable the stack
 * sets is read (by the function or, for the Powertools ones, by Powertools), and every variable the function reads
 * is set by the stack or is one of the deliberate overrides the stack leaves unset. What the function reads is
 * recorded while the deployed wiring is built from the template's environment.
 */
class ConfigContractIT {
    /** Read by the function, set by nobody in the stack: knobs for operators and for local runs. */
    private static final Set<String> DELIBERATE_OVERRIDES = Set.of(ConfigKeys.LAYER_PARALLELISM,
            ConfigKeys.TIME_BUDGET_MARGIN_SECONDS, ConfigKeys.REGISTRY_ENDPOINT, ConfigKeys.DECODE_THREADS);
    /** Set by the stack for Powertools, which reads them itself. */
    private static final Set<String> READ_BY_POWERTOOLS = Set.of("POWERTOOLS_SERVICE_NAME",
            "POWERTOOLS_METRICS_NAMESPACE");

    @Test
    void everyVariableTheStackSetsIsReadAndEveryVariableReadIsSetOrADeliberateOverride() throws Exception {
        SynthesizedFunction function = SynthesizedFunction.fromCdkOut();
        Map<String, String> stack = function.environment(type -> "stand-in-for-" + type);
        Map<String, String> withRoles = new HashMap<>(stack);
        // an empty role list skips the cross-account wiring; a real one makes its reads visible too
        withRoles.put(ConfigKeys.SOURCE_ACCOUNT_ROLES, "111111111111=arn:aws:iam::111111111111:role/reader");
        RecordingEnvironment environment = new RecordingEnvironment(withRoles);

        Handlers.lambdaIndexer(environment, LambdaWiring.storeFactory());

        Set<String> read = new TreeSet<>(environment.read);
        Set<String> unread = new TreeSet<>(stack.keySet());
        unread.removeAll(read);
        unread.removeAll(READ_BY_POWERTOOLS);
        assertEquals(Set.of(), unread, "set by the stack, read by nobody");

        Set<String> unset = new TreeSet<>(read);
        unset.removeAll(stack.keySet());
        assertEquals(new TreeSet<>(DELIBERATE_OVERRIDES), unset, "read by the function but not set by the stack");
    }

    @Test
    void theBackfillFunctionReadsEveryVariableTheStackSetsItAndNothingElseButTheTimeMargin() throws Exception {
        SynthesizedFunction function = SynthesizedFunction.fromCdkOut(BackfillHandler.class);
        Map<String, String> stack = function.environment(type -> "stand-in-for-" + type);
        RecordingEnvironment environment = new RecordingEnvironment(stack);

        BackfillHandler.deployed(environment, "arn:aws:lambda:eu-central-1:123456789012:function:SociIndexBuilder-Backfill");

        Set<String> unread = new TreeSet<>(stack.keySet());
        unread.removeAll(environment.read);
        assertEquals(Set.of(), unread, "set by the stack, read by nobody");
        Set<String> unset = new TreeSet<>(environment.read);
        unset.removeAll(stack.keySet());
        assertEquals(Set.of(ConfigKeys.TIME_BUDGET_MARGIN_SECONDS), unset, "read by the backfill function but not set by the stack");
    }

    @Test
    void everyConfigKeyIsInTheContractAndThePowertoolsNamesMatchTheMetricsContract() throws Exception {
        SynthesizedFunction function = SynthesizedFunction.fromCdkOut();
        Map<String, String> stack = new HashMap<>(function.environment(type -> "stand-in-for-" + type));
        // the backfill function's keys are in the contract too
        stack.putAll(SynthesizedFunction.fromCdkOut(BackfillHandler.class).environment(type -> "stand-in-for-" + type));
        for (Field field : ConfigKeys.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String key = (String) field.get(null);
                assertTrue(stack.containsKey(key) || DELIBERATE_OVERRIDES.contains(key),
                        "ConfigKeys." + field.getName() + " (" + key + ") is neither set by the stack nor an override");
            }
        }
        assertEquals(MetricNames.SERVICE, function.environment(type -> "stand-in-for-" + type).get("POWERTOOLS_SERVICE_NAME"));
        assertEquals(MetricNames.NAMESPACE, stack.get("POWERTOOLS_METRICS_NAMESPACE"));
    }

    /** The environment, remembering every key that was looked up. */
    private static final class RecordingEnvironment extends HashMap<String, String> {
        final Set<String> read = ConcurrentHashMap.newKeySet();

        RecordingEnvironment(Map<String, String> values) {
            super(values);
        }

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            read.add(String.valueOf(key));
            return super.getOrDefault(key, fallback);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return super.containsKey(key);
        }
    }
}
