// Backend do Cadastro Simples: API REST /clients sobre o MongoDB do serviço `db`.
const express = require('express')
const bodyParser = require('body-parser')
const cors = require('cors')
const restful = require('node-restful')

// o node-restful traz o próprio mongoose: usar a mesma instância para conexão e modelo
const mongoose = restful.mongoose

// ---- banco de dados ----
mongoose.Promise = global.Promise
mongoose.connect('mongodb://db/mydb')
    .then(() => console.log('MongoDB conectado'))
    .catch(err => console.error('Erro ao conectar no MongoDB:', err.message))

// ---- servidor e middlewares ----
const server = express()
server.use(bodyParser.urlencoded({ extended: true }))   // formulários
server.use(bodyParser.json())                           // JSON

// ---- modelo: coleção `clients` ----
const Client = restful.model('Client', {
    name: { type: String, required: true }
})

// ---- API REST: GET/POST /clients, GET/PUT/DELETE /clients/:id ----
Client.methods(['get', 'post', 'put', 'delete'])
Client.updateOptions({ new: true, runValidators: true })
Client.register(server, '/clients')

server.listen(3000, () => console.log('Backend ouvindo na porta 3000'))
