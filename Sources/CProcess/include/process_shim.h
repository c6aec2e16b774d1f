#ifndef BULLETIN_PROCESS_SHIM_H
#define BULLETIN_PROCESS_SHIM_H
/* Asks the kernel to kill this process when its parent dies (Linux; prctl is variadic, which
   Swift cannot call): a batch worker never outlives the batch that started it. */
void bulletin_die_with_parent(void);
#endif
