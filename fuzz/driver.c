/*
 * driver.c - run a libFuzzer target without libFuzzer (gcc builds):
 *
 *	fuzz-target [-seconds N] [-seed S] CORPUS_DIR...
 *
 * replays every file of the corpus, then feeds random mutations of the
 * corpus entries for N seconds (default 5).  Not coverage-guided like
 * libFuzzer (`make fuzz`), but it runs under ASan/UBSan in every
 * `make test` and keeps the corpus honest.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	uint8_t *data;
	size_t size;
};

static struct input *inputs;
static size_t ninputs;

static void load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (f == NULL)
			continue;
		uint8_t *buf = malloc(1 << 16);
		size_t n = buf ? fread(buf, 1, 1 << 16, f) : 0;
		fclose(f);
		struct input *grown = realloc(inputs, (ninputs + 1) * sizeof(*inputs));
		if (buf == NULL || grown == NULL) {
			free(buf);
			continue;
		}
		inputs = grown;
		inputs[ninputs].data = buf;
		inputs[ninputs].size = n;
		ninputs++;
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	double seconds = 5;
	unsigned seed = (unsigned)time(NULL);
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			return 2;
		if (strcmp(argv[i], "-seconds") == 0)
			seconds = atof(argv[i + 1]);
		else if (strcmp(argv[i], "-seed") == 0)
			seed = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else
			return 2;
	}
	for (; i < argc; i++)
		load_dir(argv[i]);
	for (size_t k = 0; k < ninputs; k++)
		LLVMFuzzerTestOneInput(inputs[k].data, inputs[k].size);
	srand(seed);
	uint8_t buf[4096];
	unsigned long runs = 0;
	clock_t end = clock() + (clock_t)(seconds * CLOCKS_PER_SEC);
	while (clock() < end) {
		size_t n;
		if (ninputs > 0 && rand() % 4 != 0) {
			struct input *in = &inputs[(size_t)rand() % ninputs];
			n = in->size < sizeof(buf) ? in->size : sizeof(buf);
			memcpy(buf, in->data, n);
			for (int m = rand() % 8; m >= 0 && n > 0; m--)
				buf[(size_t)rand() % n] = (uint8_t)rand();
			if (rand() % 3 == 0 && n > 1)
				n = (size_t)rand() % n;
		} else {
			n = (size_t)rand() % 256;
			for (size_t k = 0; k < n; k++)
				buf[k] = (uint8_t)rand();
		}
		LLVMFuzzerTestOneInput(buf, n);
		runs++;
	}
	printf("fuzz: %zu corpus inputs, %lu random runs (seed %u), no crash\n", ninputs, runs,
	       seed);
	for (size_t k = 0; k < ninputs; k++)
		free(inputs[k].data);
	free(inputs);
	return 0;
}
