/* Stand-in for the official hello-world program: one write() of a fixed text, exit 0. */
#include <unistd.h>

static const char message[] =
    "\n"
    "Hello from Docker!\n"
    "This message shows that your installation appears to be working correctly.\n"
    "\n"
    "Here is what just happened:\n"
    " 1. The docker command asked the Docker daemon to run the \"hello-world\" image.\n"
    " 2. The daemon found that image on this machine (an offline stand-in built for\n"
    "    this course), so nothing had to be downloaded.\n"
    " 3. The daemon created a container from the image and started the tiny program\n"
    "    inside it, which wrote the text you are reading now.\n"
    " 4. The daemon passed that output back to the docker command, which printed it\n"
    "    in your terminal.\n"
    "\n"
    "Next, try an interactive container with a shell:\n"
    " $ docker run -it busybox sh\n"
    "\n"
    "Then list your containers, including the stopped ones:\n"
    " $ docker ps -a\n"
    "\n";

int main(void)
{
    return write(1, message, sizeof message - 1) == (ssize_t)(sizeof message - 1) ? 0 : 1;
}
