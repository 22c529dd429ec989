# Answers every request on :80 one byte a second, forever: no read ever waits long enough to time out.
use strict;
use IO::Socket::INET;
$SIG{PIPE} = 'IGNORE';
my $server = IO::Socket::INET->new(LocalPort => 80, Listen => 8, ReuseAddr => 1) or die "listen: $!";
while (my $client = $server->accept) {
    $client->autoflush(1);
    my $line = <$client>;
    print $client "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>";
    while (print $client "x") { sleep 1; }
    close $client;
}
