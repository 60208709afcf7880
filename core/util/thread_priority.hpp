// Background threads yield the CPU to the window: the trainer and the panels' jobs run at a lower
// scheduling priority (a higher nice value) than the thread that draws, so on a machine with few cores
// a training step never delays a frame; they still take every cycle the window leaves idle.
#pragma once

namespace llada {

// Raises the calling thread's nice value by `steps` (capped at 19). Linux schedules threads one by
// one, so this touches only the caller. Returns the nice value now in force, or -100 where the
// platform has no per-thread priority (nothing changes then).
int lower_this_thread_priority(int steps = 10);

// The calling thread's nice value (-100 where unknown).
int this_thread_nice();

}  // namespace llada
