"""The table of benchmarks/roles.sh: per-role costs (run 1), the model's prediction for the pinned layout, the pinned run (run 2)."""
import sys

cores, relay_cpus, delivery_cpus, events_cpus, others_cpus, free, pinned, messages = sys.argv[1:9]
cores = int(cores)
names = ["api+relay", "delivery", "events", "Redis", "PostgreSQL", "smtp-sink", "smtp-source and this script"]
free_values = [float(x) for x in free.split()]
pinned_values = [float(x) for x in pinned.split()]
free_rate, free_cost, free_idle = free_values[0], free_values[1:8], free_values[8:14] + [0.0]
pinned_rate, pinned_cost = pinned_values[0], pinned_values[1:8]
# A process's cost at rate r: idle ms per second plus a part proportional to the messages. The free run gives the
# proportional part: its measured cost per message less its idle share at that run's rate.
marginal = [max(0.0, c - i / free_rate) for c, i in zip(free_cost, free_idle)]
layout = {"api+relay": relay_cpus, "delivery": delivery_cpus, "events": events_cpus}
if others_cpus:
    for name in ("Redis", "PostgreSQL", "smtp-sink", "smtp-source and this script"):
        layout[name] = others_cpus

load, fixed = {}, {}
for name, cpus in layout.items():
    for cpu in cpus.split(","):
        # A role pinned to several cores spreads over them evenly.
        share = len(cpus.split(","))
        load[cpu] = load.get(cpu, 0.0) + marginal[names.index(name)] / share
        fixed[cpu] = fixed.get(cpu, 0.0) + free_idle[names.index(name)] / share
total = sum(marginal)
bounds = {f"core {cpu} ({', '.join(n for n, c in layout.items() if cpu in c.split(','))}: {fixed[cpu]:.0f} ms/s + {ms:.2f} ms/msg)": (1000 - fixed[cpu]) / ms
          for cpu, ms in load.items()}
bounds[f"all {cores} cores ({sum(free_idle):.0f} ms/s + {total:.2f} ms/msg)"] = (1000 * cores - sum(free_idle)) / total
binding = min(bounds, key=bounds.get)
predicted = bounds[binding]

print(f"Roles as separate processes, {messages} messages per run, {cores} cores\n")
print("| Process | ms of a core per delivered message, free | idle, ms of a core per second | per message beyond idle | pinned |")
print("|---|---|---|---|---|")
for i, name in enumerate(names):
    print(f"| {name} | {free_cost[i]:.2f} | {free_idle[i]:.0f} | {marginal[i]:.2f} | {pinned_cost[i]:.2f} |")
print(f"| all | {sum(free_cost):.2f} | {sum(free_idle):.0f} | {total:.2f} | {sum(pinned_cost):.2f} |")
print(f"| rate, msg/s | {free_rate:g} (uses {free_rate * sum(free_cost) / 1000:.2f} of {cores} cores) | | | {pinned_rate:g} |")
print()
print(f"Model, from the free run's costs: the pinned layout is bound by {binding}: {predicted:.0f} msg/s predicted, "
      f"{pinned_rate:g} measured ({pinned_rate / predicted:.2f} of the prediction).")
print("Bounds: " + "; ".join(f"{k} → {v:.0f}/s" for k, v in bounds.items()))
