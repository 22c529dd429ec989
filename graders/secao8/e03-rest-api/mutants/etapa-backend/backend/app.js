// Versão intermediária (teste do backend): Express + conexão com o MongoDB do serviço `db`.
const express = require('express')
const mongoose = require('mongoose')

mongoose.Promise = global.Promise
mongoose.connect('mongodb://db/mydb')
    .then(() => console.log('MongoDB conectado'))
    .catch(err => console.error('Erro ao conectar no MongoDB:', err.message))

const server = express()

// rota de teste
server.get('/', (req, res) => res.send('Backend'))

server.listen(3000, () => console.log('Backend ouvindo na porta 3000'))
