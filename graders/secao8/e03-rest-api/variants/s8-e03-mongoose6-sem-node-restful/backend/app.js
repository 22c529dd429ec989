// Variante: Express + mongoose 6, com as rotas de /clients escritas à mão (sem node-restful).
const express = require('express')
const cors = require('cors')
const mongoose = require('mongoose')

mongoose.connect('mongodb://db/mydb')
    .then(() => console.log('MongoDB conectado'))
    .catch(err => console.error('Erro ao conectar no MongoDB:', err.message))

const Client = mongoose.model('Client', new mongoose.Schema({ name: { type: String, required: true } }))

const server = express()
server.use(express.urlencoded({ extended: true }))
server.use(express.json())
server.use(cors())

// dados inválidos (sem nome, id malformado) são erro do cliente: 400
const fail = (res, err) => res.status(['ValidationError', 'CastError'].includes(err.name) ? 400 : 500).json({ error: err.message })

server.get('/clients', (req, res) => {
    Client.find().then(clients => res.json(clients)).catch(err => fail(res, err))
})
server.post('/clients', (req, res) => {
    Client.create(req.body).then(client => res.status(201).json(client)).catch(err => fail(res, err))
})
server.put('/clients/:id', (req, res) => {
    Client.findByIdAndUpdate(req.params.id, req.body, { new: true, runValidators: true })
        .then(client => (client ? res.json(client) : res.sendStatus(404)))
        .catch(err => fail(res, err))
})
server.delete('/clients/:id', (req, res) => {
    Client.findByIdAndDelete(req.params.id)
        .then(client => res.sendStatus(client ? 204 : 404))
        .catch(err => fail(res, err))
})

server.listen(3000, () => console.log('Backend ouvindo na porta 3000'))
