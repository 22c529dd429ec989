-- Executado uma única vez, quando o volume de dados ainda está vazio.
create database email_sender;

\c email_sender

create table emails (
    id serial not null,
    data timestamp not null default current_timestamp,
    assunto varchar(100) not null,
    mesagem varchar(250) not null
);
